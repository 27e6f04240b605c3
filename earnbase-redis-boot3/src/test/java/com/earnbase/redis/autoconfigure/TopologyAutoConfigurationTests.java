package com.earnbase.redis.autoconfigure;

import java.util.stream.Stream;

import com.earnbase.redis.LettuceRedisClient;
import com.earnbase.redis.autoconfigure.boot3.Boot3RedisBridgeAutoConfiguration;
import com.earnbase.redis.testsupport.RedisAclFixture;
import com.earnbase.redis.testsupport.RedisClusterFixture;
import com.earnbase.redis.testsupport.RedisSentinelFixture;
import com.earnbase.redis.testsupport.RedisServerProcess;
import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTlsFixture;
import com.earnbase.redis.testsupport.RedisTopology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration;
import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same {@code earnbase.redis.*} properties, switched only by URL or cluster nodes,
 * point both the earnbase client and Boot's own {@code StringRedisTemplate} (through the
 * {@link RedisConnectionDetails} bridge) at the same deployment: standalone, Sentinel,
 * Cluster, TLS with an SSL bundle (also mutual) and an ACL user.
 */
class TopologyAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, EarnbaseRedisAutoConfiguration.class,
				Boot3RedisBridgeAutoConfiguration.class, RedisAutoConfiguration.class));

	static Stream<RedisTopology> topologies() {
		return Stream.of(RedisTestServer.shared(), RedisSentinelFixture.shared(), RedisClusterFixture.shared(),
				RedisTlsFixture.shared(), RedisTlsFixture.sharedMutual(), RedisAclFixture.shared());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("topologies")
	void earnbaseClientAndBootTemplateTalkToTheSameDeployment(RedisTopology topology) {
		String prefix = topology.newPrefix("bridge");
		this.runner.withPropertyValues(topology.applicationProperties().toArray(String[]::new))
			.withPropertyValues("earnbase.redis.prefix=" + prefix)
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(LettuceRedisClient.class)
					.hasSingleBean(StringRedisTemplate.class)
					.hasSingleBean(RedisConnectionDetails.class);
				LettuceRedisClient client = context.getBean(LettuceRedisClient.class);
				StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
				client.set("from-earnbase", "1");
				assertThat(template.opsForValue().get(prefix + ":from-earnbase")).isEqualTo("1");
				template.opsForValue().set(prefix + ":from-boot", "2");
				assertThat(client.get("from-boot")).isEqualTo("2");
				assertThat(topology.raw().get(prefix + ":from-boot")).isEqualTo("2");
				LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
				assertThat(factory.getSentinelConfiguration() != null).isEqualTo(topology.name().equals("sentinel"));
				assertThat(factory.getClusterConfiguration() != null).isEqualTo(topology.name().equals("cluster"));
				assertThat(client.isCluster()).isEqualTo(topology.name().equals("cluster"));
				assertThat(factory.isUseSsl()).isEqualTo(topology.name().endsWith("tls"));
			});
		topology.deleteKeys(prefix);
	}

	@Test
	void clusterRefreshPeriodReachesTheClient() {
		RedisClusterFixture cluster = RedisClusterFixture.shared();
		this.runner.withPropertyValues(cluster.applicationProperties().toArray(String[]::new))
			.withPropertyValues("earnbase.redis.prefix=" + cluster.newPrefix("refresh"),
					"earnbase.redis.cluster.refresh-period=100ms")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RedisServerProcess node = cluster.masters().get(0);
				long before = clusterNodesCalls(node);
				Thread.sleep(1500);
				// Every refresh asks each node for CLUSTER NODES: about 15 times here, at
				// most once at the default 30 s.
				assertThat(clusterNodesCalls(node) - before).isGreaterThanOrEqualTo(5);
			});
	}

	@Test
	void passwordIsNeverShown() {
		RedisAclFixture acl = RedisAclFixture.shared();
		this.runner.withPropertyValues(acl.applicationProperties().toArray(String[]::new))
			.withPropertyValues("earnbase.redis.prefix=" + acl.newPrefix("shown"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(EarnbaseRedisProperties.class).toString()).doesNotContain(acl.password());
				assertThat(context.getBean(RedisConnectionDetails.class).toString()).doesNotContain(acl.password());
				assertThat(context.getBean(LettuceRedisClient.class).toString()).doesNotContain(acl.password());
			});
	}

	@Test
	void unknownSslBundleStopsStartUpNamingTheProperty() {
		this.runner
			.withPropertyValues("earnbase.redis.url=" + RedisTlsFixture.shared().url(),
					"earnbase.redis.ssl.bundle=missing")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidRedisPropertyException.class)
				.hasMessageContaining("earnbase.redis.ssl.bundle")
				.hasMessageContaining("spring.ssl.bundle.pem.missing"));
	}

	private static long clusterNodesCalls(RedisServerProcess node) {
		String stats = node.call((commands) -> commands.info("commandstats"));
		return stats.lines()
			.filter((line) -> line.startsWith("cmdstat_cluster|nodes:"))
			.mapToLong((line) -> Long.parseLong(line.substring(line.indexOf("calls=") + 6, line.indexOf(','))))
			.sum();
	}

}
