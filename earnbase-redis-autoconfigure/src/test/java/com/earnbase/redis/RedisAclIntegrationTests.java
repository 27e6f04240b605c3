package com.earnbase.redis;

import java.util.UUID;

import com.earnbase.redis.testsupport.RedisAclFixture;
import com.earnbase.redis.testsupport.RedisTopology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An ACL user restricted to {@code ~app:*}: works within its prefix, is refused outside,
 * and its password leaks nowhere.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisAclIntegrationTests {

	private final RedisAclFixture acl = RedisAclFixture.shared();

	@Test
	void restrictedUserWorksWithinItsPrefix(CapturedOutput output) throws Exception {
		try (LettuceRedisClient client = this.acl.newClient("acl")) {
			client.set("k", "v");
			assertThat(client.get("k")).isEqualTo("v");
			assertThat(client.increment("n")).isEqualTo(1);
			assertThat(client.publish("news", "m")).isZero();
			assertThat(this.acl.raw().get(client.key("k"))).isEqualTo("v");
			assertThat(client.toString()).doesNotContain(this.acl.password());
			this.acl.deleteKeys(client.prefix().substring(0, client.prefix().length() - 1));
		}
		assertThat(output.getAll()).doesNotContain(this.acl.password());
	}

	@Test
	void keysOutsideThePrefixFailWithNoPerm(CapturedOutput output) {
		try (LettuceRedisClient client = this.acl.clientBuilder().prefix(RedisTopology.uniquePrefix("other")).build()) {
			assertThatThrownBy(() -> client.set("k", "v")).isInstanceOf(RedisCommandFailedException.class)
				.hasMessageContaining("NOPERM")
				.hasMessageNotContaining(this.acl.password());
			assertThatThrownBy(() -> client.publish("news", "m")).isInstanceOf(RedisCommandFailedException.class)
				.hasMessageContaining("NOPERM");
		}
		assertThat(output.getAll()).doesNotContain(this.acl.password());
	}

	@Test
	void wrongPasswordFailsWithoutShowingIt(CapturedOutput output) {
		String wrong = "wrong-" + UUID.randomUUID();
		assertThatThrownBy(
				() -> RedisClient.builder().url(this.acl.url()).username(RedisAclFixture.USER).password(wrong).build())
			.isInstanceOf(RedisConnectionLostException.class)
			.hasMessageContaining("WRONGPASS")
			.hasMessageNotContaining(wrong);
		String inUrl = this.acl.url().replace("redis://", "redis://" + RedisAclFixture.USER + ":" + wrong + "@");
		assertThatThrownBy(() -> RedisClient.builder().url(inUrl).build())
			.isInstanceOf(RedisConnectionLostException.class)
			.hasMessageContaining("WRONGPASS")
			.hasMessageContaining(RedisAclFixture.USER + ":****@")
			.hasMessageNotContaining(wrong);
		assertThat(output.getAll()).doesNotContain(wrong);
	}

	@Test
	void usernameAndPasswordOverrideTheUrls() {
		String url = this.acl.url().replace("redis://", "redis://nobody:wrong@");
		try (LettuceRedisClient client = RedisClient.builder()
			.url(url)
			.username(RedisAclFixture.USER)
			.password(this.acl.password())
			.prefix(this.acl.newPrefix("override"))
			.build()) {
			client.set("k", "v");
			assertThat(this.acl.raw().get(client.key("k"))).isEqualTo("v");
			client.delete("k");
		}
	}

	@Test
	void passwordInTheUrlIsNotShown() {
		String url = this.acl.url()
			.replace("redis://", "redis://" + RedisAclFixture.USER + ":" + this.acl.password() + "@");
		try (LettuceRedisClient client = RedisClient.builder()
			.url(url)
			.prefix(RedisAclFixture.KEY_PREFIX + ":" + RedisTopology.uniquePrefix("url"))
			.build()) {
			assertThat(client.ping()).isPositive();
			assertThat(client.toString()).contains(RedisAclFixture.USER).doesNotContain(this.acl.password());
		}
	}

}
