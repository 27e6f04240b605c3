package com.earnbase.sample;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.earnbase.redis.JsonType;
import com.earnbase.redis.json.JsonCodec;
import com.earnbase.redis.json.JsonCodecs;

/**
 * A JSON response as the tests navigate it, read with the library's own codec so that the
 * tests compile and run on every Boot line (Jackson 3 on Boot 4, Jackson 2 on 3.5).
 * Navigating to a property that is absent gives a tree whose value is null.
 */
final class JsonTree implements Iterable<JsonTree> {

	private static final JsonCodec codec = JsonCodecs.defaultCodec();

	private final Object value;

	private JsonTree(Object value) {
		this.value = value;
	}

	static JsonTree parse(String json) {
		return new JsonTree(codec.read(json, JsonType.of(Object.class)));
	}

	/** The property of an object, or the element of an array at that index. */
	JsonTree get(String name) {
		if (this.value instanceof Map<?, ?> object) {
			return new JsonTree(object.get(name));
		}
		if (this.value instanceof List<?> array && name.matches("\\d+") && Integer.parseInt(name) < array.size()) {
			return new JsonTree(array.get(Integer.parseInt(name)));
		}
		return new JsonTree(null);
	}

	JsonTree path(String name) {
		return get(name);
	}

	/** The node at a JSON pointer such as {@code /payload/text}. */
	JsonTree at(String pointer) {
		JsonTree node = this;
		for (String name : pointer.substring(1).split("/")) {
			node = node.get(name);
		}
		return node;
	}

	boolean has(String name) {
		return this.value instanceof Map<?, ?> object && object.containsKey(name);
	}

	boolean isNull() {
		return this.value == null;
	}

	/** A string or number as text; an object, array or null as the empty string. */
	String asText() {
		return (this.value instanceof String || this.value instanceof Number || this.value instanceof Boolean)
				? String.valueOf(this.value) : "";
	}

	long asLong() {
		return (this.value instanceof Number number) ? number.longValue() : Long.parseLong(asText());
	}

	int asInt() {
		return Math.toIntExact(asLong());
	}

	/** The elements of an array or the values of an object. */
	@Override
	public Iterator<JsonTree> iterator() {
		Collection<?> elements = (this.value instanceof Map<?, ?> object) ? object.values()
				: (this.value instanceof List<?> array) ? array : List.of();
		return elements.stream().map(JsonTree::new).iterator();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof JsonTree tree && Objects.equals(this.value, tree.value);
	}

	@Override
	public int hashCode() {
		return Objects.hashCode(this.value);
	}

	@Override
	public String toString() {
		return codec.write(this.value);
	}

}
