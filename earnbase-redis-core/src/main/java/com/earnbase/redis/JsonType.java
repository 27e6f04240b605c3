package com.earnbase.redis;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * The type a JSON value is read as, generic types included: {@code new
 * JsonType<List<Item>>() {}} captures {@code List<Item>}, {@link #of(Class)} and
 * {@link #of(Type)} name a type directly. It belongs to the library, so the API does not
 * depend on which Jackson reads the value.
 *
 * @param <T> the type
 */
public abstract class JsonType<T> {

	private final Type type;

	/**
	 * Captures the type argument of the anonymous subclass, as in {@code new
	 * JsonType<List<Item>>() {}}.
	 * @throws IllegalArgumentException when the subclass gives no type argument
	 */
	protected JsonType() {
		Type superclass = getClass().getGenericSuperclass();
		if (!(superclass instanceof ParameterizedType parameterized)) {
			throw new IllegalArgumentException(
					"type must be created with a type argument, e.g. new JsonType<List<Item>>() {}");
		}
		this.type = parameterized.getActualTypeArguments()[0];
	}

	private JsonType(Type type) {
		if (type == null) {
			throw new IllegalArgumentException("type must not be null");
		}
		this.type = type;
	}

	/**
	 * The token of a class.
	 * @param <T> the type
	 * @param type the class
	 * @return its token
	 */
	public static <T> JsonType<T> of(Class<T> type) {
		return new Of<>(type);
	}

	/**
	 * The token of a reflected type, e.g. a {@link ParameterizedType} built by a
	 * framework; the caller vouches that {@code T} matches it.
	 * @param <T> the type
	 * @param type the type
	 * @return its token
	 */
	public static <T> JsonType<T> of(Type type) {
		return new Of<>(type);
	}

	/**
	 * The type this token stands for.
	 * @return the type
	 */
	public final Type type() {
		return this.type;
	}

	@Override
	public final boolean equals(Object other) {
		return (this == other) || (other instanceof JsonType<?> that && this.type.equals(that.type));
	}

	@Override
	public final int hashCode() {
		return this.type.hashCode();
	}

	@Override
	public final String toString() {
		return "JsonType<" + this.type.getTypeName() + ">";
	}

	private static final class Of<T> extends JsonType<T> {

		Of(Type type) {
			super(type);
		}

	}

}
