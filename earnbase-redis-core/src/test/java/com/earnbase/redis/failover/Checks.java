package com.earnbase.redis.failover;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Collects the broken guarantees of a failover test and reports them all at once. Plain
 * conditions rather than AssertJ's soft assertions, whose proxies took seconds to build
 * on a loaded machine.
 */
final class Checks {

	private final List<String> broken = new ArrayList<>();

	/**
	 * Expects a condition to hold.
	 * @param condition the condition
	 * @param rule what must hold, a {@link String#format} pattern
	 * @param arguments the pattern's arguments
	 */
	void expect(boolean condition, String rule, Object... arguments) {
		if (!condition) {
			this.broken.add(String.format(rule, arguments));
		}
	}

	/**
	 * Expects no violation of a rule; reports the first ten with the rule.
	 * @param rule what must hold
	 * @param violations a description of each call or record that breaks it
	 */
	void expectNone(String rule, Stream<String> violations) {
		List<String> found = violations.toList();
		if (!found.isEmpty()) {
			this.broken.add(rule + " (" + found.size() + " violations, the first 10 shown): "
					+ found.subList(0, Math.min(10, found.size())));
		}
	}

	/**
	 * Fails with every broken guarantee, one a line.
	 * @throws AssertionError when any was broken
	 */
	void assertAll() {
		if (!this.broken.isEmpty()) {
			throw new AssertionError(this.broken.size() + " guarantees broken:\n" + String.join("\n", this.broken));
		}
	}

}
