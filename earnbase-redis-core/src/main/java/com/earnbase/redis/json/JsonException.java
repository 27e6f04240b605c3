package com.earnbase.redis.json;

/**
 * A {@link JsonCodec} could not write a value or read text as the requested type. The
 * message says where and why, never the payload, so callers may put it into their own
 * messages.
 */
public class JsonException extends RuntimeException {

	/**
	 * Creates the exception.
	 * @param message what could not be converted, without the payload
	 * @param cause the Jackson error, or null when it could quote the payload
	 */
	public JsonException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * The message of a failed read: the type, the position when known, and the kind of
	 * error, never the text.
	 * @param type the type that was read
	 * @param line the line of the error, or a negative number when unknown
	 * @param column the column of the error
	 * @param error the Jackson error
	 * @return the exception, without the Jackson error as its cause because its message
	 * may quote the text
	 */
	static JsonException readFailure(Object type, int line, int column, Exception error) {
		String where = (line >= 0) ? " (line " + line + ", column " + column + ")" : "";
		return new JsonException("not JSON of type " + type + where + ": " + error.getClass().getSimpleName(), null);
	}

	/**
	 * The message of a failed write.
	 * @param value the value
	 * @param error the Jackson error
	 * @return the exception
	 */
	static JsonException writeFailure(Object value, Exception error) {
		return new JsonException("cannot write a " + value.getClass().getName() + " as JSON", error);
	}

}
