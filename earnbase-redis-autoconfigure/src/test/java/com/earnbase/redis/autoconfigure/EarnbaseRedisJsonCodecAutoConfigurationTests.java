package com.earnbase.redis.autoconfigure;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.json.Jackson2JsonCodec;
import com.earnbase.redis.json.Jackson3JsonCodec;
import com.earnbase.redis.json.JsonCodec;
import com.earnbase.redis.json.JsonCodecs;
import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which JSON codec {@link EarnbaseRedisAutoConfiguration} gives the client, on the Boot
 * line the build selects: the application's Jackson 3 mapper (Boot 4), else its Jackson 2
 * mapper (Boot 3.5), else the library's default.
 */
class EarnbaseRedisJsonCodecAutoConfigurationTests {

	private final RedisTestServer server = RedisTestServer.shared();

	private final String prefix = RedisTopology.uniquePrefix("json-codec");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EarnbaseRedisAutoConfiguration.class))
		.withPropertyValues("earnbase.redis.url=" + this.server.url(), "earnbase.redis.prefix=" + this.prefix);

	@AfterEach
	void cleanUp() {
		this.server.deleteKeys(this.prefix);
	}

	@Test
	void usesTheApplicationsJackson2ObjectMapper() {
		this.runner.withClassLoader(new FilteredClassLoader("tools.jackson."))
			.withBean(ObjectMapper.class,
					() -> new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE))
			.run((context) -> {
				assertThat(context).hasSingleBean(JsonCodec.class)
					.getBean(JsonCodec.class)
					.isInstanceOf(Jackson2JsonCodec.class);
				assertSnakeCase(context);
			});
	}

	@Test
	void usesTheApplicationsJackson3JsonMapperFirst() {
		this.runner
			.withBean(JsonMapper.class,
					() -> JsonMapper.builder()
						.propertyNamingStrategy(tools.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
						.build())
			.withBean(ObjectMapper.class, ObjectMapper::new)
			.run((context) -> {
				assertThat(context).hasSingleBean(JsonCodec.class)
					.getBean(JsonCodec.class)
					.isInstanceOf(Jackson3JsonCodec.class);
				assertSnakeCase(context);
			});
	}

	@Test
	void withoutAnApplicationMapperUsesTheDefaultCodec() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(JsonCodec.class)
				.getBean(JsonCodec.class)
				.isInstanceOf(JsonCodecs.defaultCodec().getClass());
			context.getBean(RedisClient.class).setJson("j", new Named("Ada Lovelace"));
			assertThat(this.server.raw().get(this.prefix + ":j")).isEqualTo("{\"fullName\":\"Ada Lovelace\"}");
		});
		this.runner.withClassLoader(new FilteredClassLoader("tools.jackson.", "com.fasterxml.jackson.databind."))
			.run((context) -> assertThat(context).hasSingleBean(JsonCodec.class));
	}

	@Test
	void anApplicationCodecWins() {
		JsonCodec codec = new Jackson2JsonCodec(
				new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
		this.runner.withBean(JsonCodec.class, () -> codec)
			.withBean(JsonMapper.class, JsonMapper::new)
			.run((context) -> {
				assertThat(context.getBean(JsonCodec.class)).isSameAs(codec);
				assertSnakeCase(context);
			});
	}

	private void assertSnakeCase(AssertableApplicationContext context) {
		context.getBean(RedisClient.class).setJson("j", new Named("Ada Lovelace"));
		assertThat(this.server.raw().get(this.prefix + ":j")).isEqualTo("{\"full_name\":\"Ada Lovelace\"}");
		assertThat(context.getBean(RedisClient.class).getJson("j", Named.class)).isEqualTo(new Named("Ada Lovelace"));
	}

	record Named(String fullName) {
	}

}
