package com.earnbase.redis.autoconfigure;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code earnbase.redis.url} or {@code earnbase.redis.cluster.nodes} is set:
 * then Boot follows the earnbase client's connection, otherwise the client follows
 * Boot's. Shared by the bridges of every Boot line.
 */
public final class EarnbaseConnectionConfigured extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return isConfigured(context.getEnvironment())
				? ConditionOutcome.match("earnbase.redis.url or earnbase.redis.cluster.nodes is set")
				: ConditionOutcome.noMatch("neither earnbase.redis.url nor earnbase.redis.cluster.nodes is set");
	}

	/**
	 * Whether the earnbase client's connection is configured.
	 * @param environment the environment
	 * @return true when {@code earnbase.redis.url} or
	 * {@code earnbase.redis.cluster.nodes} is set
	 */
	public static boolean isConfigured(Environment environment) {
		Binder binder = Binder.get(environment);
		return binder.bind(EarnbaseRedisProperties.PREFIX + ".url", String.class).isBound()
				|| !binder.bind(EarnbaseRedisProperties.PREFIX + ".cluster.nodes", Bindable.listOf(String.class))
					.orElse(List.of())
					.isEmpty();
	}

}
