package com.earnbase.redis;

import java.time.Duration;

import com.earnbase.redis.testsupport.RedisTlsFixture;
import com.earnbase.redis.testsupport.RedisTopology;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TLS against a TLS-only server whose CA and certificates are generated for this run. */
class RedisTlsIntegrationTests {

	private final RedisTlsFixture tls = RedisTlsFixture.shared();

	@Test
	void connectsWhenTheServersCaIsTrusted() {
		try (LettuceRedisClient client = this.tls.newClient("tls")) {
			client.set("k", "over tls");
			assertThat(client.get("k")).isEqualTo("over tls");
			assertThat(this.tls.raw().get(client.key("k"))).isEqualTo("over tls");
			this.tls.deleteKeys(client.prefix().substring(0, client.prefix().length() - 1));
		}
	}

	@Test
	void verifiesThePeerByDefault() {
		// No trust material: the JDK's CAs do not know the test CA, so the handshake must
		// fail.
		assertThatThrownBy(
				() -> RedisClient.builder().url(this.tls.url()).connectTimeout(Duration.ofSeconds(2)).build())
			.isInstanceOf(RedisConnectionLostException.class)
			.hasMessageContaining("TLS handshake failed")
			.hasMessageContaining(this.tls.url());
	}

	@Test
	void wrongCaFailsWithClearMessage() {
		assertThatThrownBy(() -> RedisClient.builder()
			.url(this.tls.url())
			.ssl(RedisTlsFixture.trustManagers(this.tls.otherCaCertificate()), null)
			.connectTimeout(Duration.ofSeconds(2))
			.build()).isInstanceOf(RedisConnectionLostException.class)
			.hasMessageContaining("TLS handshake failed")
			.hasMessageContaining("trusted CAs")
			.hasMessageContaining("certification path");
	}

	@Test
	void sslMaterialTurnsTlsOnForARedisUrl() {
		String plainScheme = "redis://127.0.0.1:" + this.tls.process().port();
		try (LettuceRedisClient client = RedisClient.builder()
			.url(plainScheme)
			.ssl(this.tls.trustManagers(), null)
			.prefix(RedisTopology.uniquePrefix("tls"))
			.build()) {
			assertThat(client.ping()).isPositive();
		}
	}

	@Test
	void mutualTlsNeedsTheClientCertificate() {
		RedisTlsFixture mutual = RedisTlsFixture.sharedMutual();
		assertThatThrownBy(() -> RedisClient.builder()
			.url(mutual.url())
			.ssl(mutual.trustManagers(), null)
			.connectTimeout(Duration.ofSeconds(2))
			.build()).isInstanceOf(RedisConnectionLostException.class);
		try (LettuceRedisClient client = mutual.newClient("mtls")) {
			client.set("k", "v");
			assertThat(client.get("k")).isEqualTo("v");
			client.delete("k");
		}
	}

}
