package com.earnbase.redis.autoconfigure;

/**
 * An {@code earnbase.redis.*} property has a value the starter cannot use. The value is
 * shown with any password masked.
 */
public class InvalidRedisPropertyException extends RuntimeException {

	private final String property;

	private final String value;

	private final String reason;

	/**
	 * Creates the exception.
	 * @param property the full property name
	 * @param value the value, passwords already masked
	 * @param reason why it is invalid
	 */
	public InvalidRedisPropertyException(String property, String value, String reason) {
		super("Invalid value " + value + " for property '" + property + "': " + reason);
		this.property = property;
		this.value = value;
		this.reason = reason;
	}

	/**
	 * The property name.
	 * @return the name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * The value with any password masked.
	 * @return the value
	 */
	public String getValue() {
		return this.value;
	}

	/**
	 * Why the value is invalid.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

}
