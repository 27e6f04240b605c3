package com.earnbase.redis.json;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.earnbase.redis.JsonType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The codec contract on both Jackson lines, and the type token. */
class JsonCodecUnitTests {

	static Stream<JsonCodec> codecs() {
		return Stream.of(new Jackson2JsonCodec(), new Jackson3JsonCodec());
	}

	@ParameterizedTest
	@MethodSource("codecs")
	void readsGenericTypes(JsonCodec codec) {
		List<Map<String, Integer>> value = codec.read("[{\"a\":1}]", new JsonType<List<Map<String, Integer>>>() {
		});
		assertThat(value).containsExactly(Map.of("a", 1));
	}

	@ParameterizedTest
	@MethodSource("codecs")
	void readFailuresNameTypeAndPositionButNeverThePayload(JsonCodec codec) {
		assertThatThrownBy(() -> codec.read("{\"secret-token\": [", JsonType.of(Point.class)))
			.isInstanceOf(JsonException.class)
			.hasMessageStartingWith("not JSON of type " + Point.class.getName() + " (line 1, column ")
			.hasMessageNotContaining("secret-token")
			.hasNoCause();
	}

	@ParameterizedTest
	@MethodSource("codecs")
	void writeFailuresNameTheClass(JsonCodec codec) {
		assertThatThrownBy(() -> codec.write(new Object())).isInstanceOf(JsonException.class)
			.hasMessage("cannot write a java.lang.Object as JSON");
	}

	@ParameterizedTest
	@MethodSource("codecs")
	void readsDurationsThatJackson2WroteAsNumbersBeforeTheWireFormatWasPinned(JsonCodec codec) {
		assertThat(codec.read("5.500000000", JsonType.of(Duration.class))).isEqualTo(Duration.ofMillis(5500));
		assertThat(codec.write(Duration.ofMillis(5500))).isEqualTo("\"PT5.5S\"");
	}

	@Test
	void defaultCodecPrefersJackson3() {
		assertThat(JsonCodecs.defaultCodec()).isInstanceOf(Jackson3JsonCodec.class);
	}

	@Test
	void typeTokensAreEqualByType() {
		JsonType<List<String>> captured = new JsonType<>() {
		};
		assertThat(captured).isEqualTo(JsonType.of(captured.type())).hasSameHashCodeAs(JsonType.of(captured.type()));
		assertThat(captured).hasToString("JsonType<java.util.List<java.lang.String>>");
		assertThat(JsonType.of(String.class)).isEqualTo(JsonType.of((java.lang.reflect.Type) String.class))
			.isNotEqualTo(captured);
	}

	@Test
	@SuppressWarnings("rawtypes")
	void typeTokensNeedAType() {
		assertThatIllegalArgumentException().isThrownBy(() -> new JsonType() {
		}).withMessageContaining("type argument");
		assertThatIllegalArgumentException().isThrownBy(() -> JsonType.of((Class<?>) null))
			.withMessage("type must not be null");
	}

	record Point(int x, int y) {
	}

}
