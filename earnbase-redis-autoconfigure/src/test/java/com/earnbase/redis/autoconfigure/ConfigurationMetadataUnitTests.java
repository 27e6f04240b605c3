package com.earnbase.redis.autoconfigure;

import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.earnbase.redis.RedisClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated configuration metadata: every property described, and the defaults it shows are the real ones. */
class ConfigurationMetadataUnitTests {

	private static final Map<String, JsonNode> properties = new HashMap<>();

	@BeforeAll
	static void readMetadata() throws Exception {
		try (InputStream in = ConfigurationMetadataUnitTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			new ObjectMapper().readTree(in).get("properties").forEach((p) -> properties.put(p.get("name").asText(), p));
		}
	}

	@Test
	void everyPropertyHasADescription() {
		assertThat(properties).isNotEmpty()
			.allSatisfy((name, property) -> assertThat(property.path("description").asText()).as(name).isNotBlank());
	}

	@Test
	void defaultsTakenFromTheBuilderAreShownAsTheyAre() {
		assertThat(duration("earnbase.redis.timeout")).isEqualTo(RedisClientBuilder.DEFAULT_TIMEOUT);
		assertThat(duration("earnbase.redis.connect-timeout")).isEqualTo(RedisClientBuilder.DEFAULT_CONNECT_TIMEOUT);
		assertThat(duration("earnbase.redis.cluster.refresh-period"))
			.isEqualTo(RedisClientBuilder.DEFAULT_CLUSTER_REFRESH_PERIOD);
		assertThat(DataSize.parse(defaultValue("earnbase.redis.max-value-size")).toBytes())
			.isEqualTo(RedisClientBuilder.DEFAULT_MAX_VALUE_BYTES);
	}

	private static Duration duration(String name) {
		return DurationStyle.detectAndParse(defaultValue(name));
	}

	private static String defaultValue(String name) {
		assertThat(properties).containsKey(name);
		return properties.get(name).path("defaultValue").asText();
	}

}
