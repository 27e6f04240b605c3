package com.earnbase.redis.support;

import java.time.Duration;

/**
 * Argument checks shared by the client and its primitives, so every bad input fails the
 * same way before any I/O.
 */
public final class Arguments {

	private Arguments() {
	}

	/**
	 * Checks a key, channel or id given by a caller.
	 * @param name the argument's name, used in the message
	 * @param value the value
	 * @return the value
	 * @throws IllegalArgumentException when null, empty or only white space
	 */
	public static String requireText(String name, String value) {
		if (value == null) {
			throw new IllegalArgumentException(name + " must not be null");
		}
		if (value.isBlank()) {
			throw new IllegalArgumentException(name + " must not be empty or blank");
		}
		return value;
	}

	/**
	 * Checks a value that must be present.
	 * @param <T> the type
	 * @param name the argument's name, used in the message
	 * @param value the value
	 * @return the value
	 * @throws IllegalArgumentException when null
	 */
	public static <T> T requireNonNull(String name, T value) {
		if (value == null) {
			throw new IllegalArgumentException(name + " must not be null");
		}
		return value;
	}

	/**
	 * Checks a duration that must be longer than zero and representable in whole
	 * milliseconds.
	 * @param name the argument's name, used in the message
	 * @param value the duration
	 * @return the duration
	 * @throws IllegalArgumentException when null, zero, negative or under one millisecond
	 */
	public static Duration requirePositive(String name, Duration value) {
		requireNonNull(name, value);
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be positive but was " + value);
		}
		if (value.toMillis() == 0) {
			throw new IllegalArgumentException(name + " must be at least 1 ms but was " + value);
		}
		return value;
	}

	/**
	 * Checks a duration that may be zero but not negative.
	 * @param name the argument's name, used in the message
	 * @param value the duration
	 * @return the duration
	 * @throws IllegalArgumentException when null or negative
	 */
	public static Duration requireNotNegative(String name, Duration value) {
		requireNonNull(name, value);
		if (value.isNegative()) {
			throw new IllegalArgumentException(name + " must not be negative but was " + value);
		}
		return value;
	}

	/**
	 * Checks a count that must be at least one.
	 * @param name the argument's name, used in the message
	 * @param value the count
	 * @return the count
	 * @throws IllegalArgumentException when zero or negative
	 */
	public static int requirePositive(String name, int value) {
		if (value <= 0) {
			throw new IllegalArgumentException(name + " must be positive but was " + value);
		}
		return value;
	}

}
