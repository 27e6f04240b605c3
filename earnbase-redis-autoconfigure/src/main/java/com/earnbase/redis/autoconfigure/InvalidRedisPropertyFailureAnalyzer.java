package com.earnbase.redis.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a start-up failure caused by an invalid {@code earnbase.redis.*} property. */
class InvalidRedisPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidRedisPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidRedisPropertyException cause) {
		return new FailureAnalysis(
				"Invalid value " + cause.getValue() + " for property '" + cause.getProperty() + "': "
						+ cause.getReason(),
				"Update '" + cause.getProperty() + "' in your application configuration.", cause);
	}

}
