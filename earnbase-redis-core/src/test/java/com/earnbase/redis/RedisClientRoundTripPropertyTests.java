package com.earnbase.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Random keys, values, JSON documents and raw bytes against a real Redis: every input
 * either round-trips exactly under the prefix or is refused before any I/O; foreign bytes
 * never fail anything but a JSON read of that key. The oracle for "storable" is the JDK's
 * UTF-8 encoder, independent of the client's own check.
 */
class RedisClientRoundTripPropertyTests {

	private static final String PREFIX = RedisTopology.uniquePrefix("property");

	private static final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private static LettuceRedisClient client;

	private static io.lettuce.core.RedisClient binaryClient;

	private static StatefulRedisConnection<byte[], byte[]> binary;

	@BeforeContainer
	static void connect() {
		client = RedisTestServer.shared().clientBuilder().prefix(PREFIX).meterRegistry(registry).build();
		binaryClient = io.lettuce.core.RedisClient.create(RedisTestServer.shared().url());
		binary = binaryClient.connect(ByteArrayCodec.INSTANCE);
	}

	@AfterContainer
	static void close() {
		client.close();
		binary.close();
		binaryClient.shutdown();
		RedisTestServer.shared().deleteKeys(PREFIX);
	}

	@Provide
	Arbitrary<String> text() {
		return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(200),
				Arbitraries.strings()
					.withChars("*?[]^-:{}\\/.\r\n\t \u0000\u00A0\uD83D\uDE00\uD800\uDC00é")
					.ofMaxLength(30),
				Arbitraries.of("", " ", "..", "../x", ":x", PREFIX + ":x", "\r\n"));
	}

	@Property(tries = 300)
	@StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
	void keysAndValuesRoundTripExactlyOrAreRefusedBeforeIo(@ForAll("text") String key, @ForAll("text") String value) {
		boolean storable = !key.isBlank() && encodable(key) && encodable(value);
		// Both outcomes must be exercised, or the property proves little.
		Statistics.label("outcome").collect(storable ? "stored" : "refused");
		Statistics.label("outcome").coverage((coverage) -> {
			coverage.check("stored").percentage((percent) -> percent > 10);
			coverage.check("refused").percentage((percent) -> percent > 10);
		});
		if (!storable) {
			long sent = sentCommands();
			assertThatIllegalArgumentException().isThrownBy(() -> client.set(key, value))
				.withMessageMatching("(key|value) .*");
			assertThat(sentCommands()).as("refused before any I/O").isEqualTo(sent);
			return;
		}
		client.set(key, value);
		assertThat(client.get(key)).isEqualTo(value);
		assertThat(RedisTestServer.shared().raw().get(PREFIX + ":" + key)).isEqualTo(value);
		assertThat(client.async().get(key).join()).isEqualTo(value);
	}

	@Provide
	Arbitrary<Document> documents() {
		Arbitrary<String> text = text();
		return Combinators
			.combine(text, Arbitraries.longs(), Arbitraries.doubles(), Arbitraries.of(true, false),
					text.list().ofMaxSize(5), Arbitraries.maps(text, Arbitraries.integers()).ofMaxSize(5))
			.as(Document::new);
	}

	@Property(tries = 200)
	void jsonDocumentsRoundTripExactlyOrAreRefusedBeforeIo(@ForAll("documents") Document document) {
		boolean storable = encodable(document.text()) && document.tags().stream().allMatch(this::encodable)
				&& document.counts().keySet().stream().allMatch(this::encodable);
		if (!storable) {
			assertThatIllegalArgumentException().isThrownBy(() -> client.setJson("doc", document))
				.withMessageContaining("unpaired UTF-16 surrogate");
			return;
		}
		client.setJson("doc", document);
		assertThat(client.getJson("doc", Document.class)).isEqualTo(document);
	}

	@Property(tries = 200)
	void foreignBytesReadAsTheJdkDecodesThemAndFailOnlyJsonReadsOfThatKey(@ForAll byte[] bytes) {
		binary.sync().set((PREFIX + ":foreign").getBytes(StandardCharsets.UTF_8), bytes);
		assertThat(client.get("foreign")).isEqualTo(new String(bytes, StandardCharsets.UTF_8));
		Throwable failure = catchThrowable(() -> client.getJson("foreign", Object.class));
		if (failure != null) {
			assertThat(failure).isInstanceOf(RedisSerializationException.class)
				.hasMessageContaining("'" + PREFIX + ":foreign'")
				.hasMessageContaining("java.lang.Object");
		}
		assertThat(client.ping()).isPositive();
	}

	private boolean encodable(String text) {
		return StandardCharsets.UTF_8.newEncoder().canEncode(text);
	}

	private static long sentCommands() {
		return registry.find(CommandMetrics.TIMER).timers().stream().mapToLong((timer) -> timer.count()).sum();
	}

	/** A JSON document with every common field kind. */
	public record Document(String text, long number, double ratio, boolean flag, List<String> tags,
			Map<String, Integer> counts) {
	}

}
