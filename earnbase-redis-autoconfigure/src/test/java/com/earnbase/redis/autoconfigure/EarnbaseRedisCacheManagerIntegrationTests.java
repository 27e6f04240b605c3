package com.earnbase.redis.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.earnbase.redis.testsupport.RedisTestServer;
import com.earnbase.redis.testsupport.RedisTopology;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code @Cacheable} through the {@link EarnbaseRedisCacheManager} against a real Redis.
 */
class EarnbaseRedisCacheManagerIntegrationTests {

	private static final AtomicInteger finds = new AtomicInteger();

	private static final AtomicInteger reports = new AtomicInteger();

	private static final AtomicInteger quotes = new AtomicInteger();

	private final RedisTestServer server = RedisTestServer.shared();

	private final String prefix = RedisTopology.uniquePrefix("spring-cache");

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EarnbaseRedisAutoConfiguration.class,
				EarnbaseRedisCacheAutoConfiguration.class, BootAutoConfigurations.CACHE))
		.withUserConfiguration(AccountConfiguration.class)
		.withPropertyValues(this.server.applicationProperties().toArray(String[]::new))
		.withPropertyValues("earnbase.redis.prefix=" + this.prefix, "earnbase.redis.cache.ttls.accounts=120");

	@AfterEach
	void cleanUp() {
		this.threads.shutdownNow();
		this.server.deleteKeys(this.prefix);
		finds.set(0);
		reports.set(0);
		quotes.set(0);
	}

	@Test
	void cacheNamesShareTheClientsOneHubAndClosingTheManagerReleasesThem() {
		this.runner.run((context) -> {
			EarnbaseRedisCacheManager manager = context.getBean(EarnbaseRedisCacheManager.class);
			List<String> channels = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				manager.getCache("names-" + i);
				channels.add(this.prefix + ":cache:names-" + i + ":loaded");
			}
			// One pub/sub connection carries all twenty: the caches register on the
			// client's hub, which puts one
			// listener on it (ChannelHub tests); the primitives cannot reach Lettuce's
			// pub/sub types (ArchUnit).
			assertThat(subscribers(channels)).containsOnly(1L);
			assertThat(connectionsWithSubscriptions(channels.size())).isEqualTo(1);
			manager.close();
			await().atMost(Duration.ofSeconds(10)).until(() -> subscribers(channels).stream().allMatch((n) -> n == 0));
			assertThatThrownBy(() -> manager.getCache("names-0").get("k")).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("closed");
		});
	}

	private List<Long> subscribers(List<String> channels) {
		return List.copyOf(this.server.raw().pubsubNumsub(channels.toArray(String[]::new)).values());
	}

	/** The connections Redis counts with at least that many channel subscriptions. */
	private long connectionsWithSubscriptions(int atLeast) {
		Pattern subscriptions = Pattern.compile(" sub=(\\d+) ");
		return this.server.raw()
			.clientList()
			.lines()
			.map(subscriptions::matcher)
			.filter(Matcher::find)
			.filter((found) -> Integer.parseInt(found.group(1)) >= atLeast)
			.count();
	}

	@Test
	void cacheableStoresUnderTheCacheNameWithItsTtl() {
		this.runner.run((context) -> {
			AccountService service = context.getBean(AccountService.class);
			Account first = service.find("42");
			assertThat(service.find("42")).isEqualTo(first).isEqualTo(new Account("42", 0L, List.of()));
			assertThat(finds).hasValue(1);
			String key = this.prefix + ":cache:accounts:{42}";
			assertThat(this.server.raw().pttl(key)).isBetween(118_000L, 120_000L);
			assertThat(context.getBean(CacheManager.class).getCache("accounts").get("42", Account.class))
				.isEqualTo(first);
		});
	}

	@Test
	void nullResultIsCachedAndEvictRemovesIt() {
		this.runner.run((context) -> {
			AccountService service = context.getBean(AccountService.class);
			assertThat(service.find("missing")).isNull();
			assertThat(service.find("missing")).isNull();
			assertThat(finds).hasValue(1);
			service.evict("missing");
			assertThat(service.find("missing")).isNull();
			assertThat(finds).hasValue(2);
		});
	}

	@Test
	void withoutNullValuesCacheableRefusesANullResultAndUnlessSkipsIt() {
		this.runner.withPropertyValues("earnbase.redis.cache.cache-null-values=false").run((context) -> {
			AccountService service = context.getBean(AccountService.class);
			assertThatThrownBy(() -> service.find("missing")).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("does not allow null values");
			assertThat(service.findUnlessNull("missing")).isNull();
			assertThat(service.findUnlessNull("missing")).isNull();
			assertThat(finds).hasValue(3);
			assertThat(this.server.raw().exists(this.prefix + ":cache:accounts:{missing}")).isZero();
			assertThat(service.findUnlessNull("1")).isEqualTo(service.findUnlessNull("1"));
			assertThat(finds).hasValue(4);
		});
	}

	@Test
	void cacheableSyncComputesOnceAcrossTwoInstances() {
		this.runner.run((first) -> this.runner.run((second) -> {
			AccountService one = first.getBean(AccountService.class);
			AccountService two = second.getBean(AccountService.class);
			CountDownLatch start = new CountDownLatch(1);
			List<Future<String>> results = new ArrayList<>();
			for (int i = 0; i < 64; i++) {
				AccountService service = (i % 2 == 0) ? one : two;
				results.add(this.threads.submit(() -> {
					start.await();
					return service.report("q3");
				}));
			}
			start.countDown();
			for (Future<String> result : results) {
				assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("report q3");
			}
			assertThat(reports).hasValue(1);
		}));
	}

	@Test
	void loaderExceptionIsWrappedAsSpringExpectsAndNothingIsCached() {
		this.runner.run((context) -> {
			AccountService service = context.getBean(AccountService.class);
			assertThatThrownBy(() -> service.report("fail")).isInstanceOf(IllegalStateException.class)
				.hasMessage("report failed");
			assertThat(this.server.raw().exists(this.prefix + ":cache:reports:{fail}")).isZero();
		});
	}

	@Test
	void clearRemovesOnlyThatCache() {
		this.runner.run((context) -> {
			AccountService service = context.getBean(AccountService.class);
			service.find("1");
			service.find("2");
			service.report("r");
			context.getBean(CacheManager.class).getCache("accounts").clear();
			assertThat(
					this.server.raw().exists(this.prefix + ":cache:accounts:{1}", this.prefix + ":cache:accounts:{2}"))
				.isZero();
			assertThat(this.server.raw().exists(this.prefix + ":cache:reports:{r}")).isOne();
		});
	}

	@Test
	void cacheableCompletableFutureMethodsAreCachedToo() {
		this.runner.run((context) -> {
			AccountService service = context.getBean(AccountService.class);
			assertThat(service.quote("a").get(5, TimeUnit.SECONDS)).isEqualTo("quote a");
			assertThat(service.quote("a").get(5, TimeUnit.SECONDS)).isEqualTo("quote a");
			assertThat(service.quoteSync("b").get(5, TimeUnit.SECONDS)).isEqualTo("quote b");
			assertThat(service.quoteSync("b").get(5, TimeUnit.SECONDS)).isEqualTo("quote b");
			assertThat(quotes).hasValue(2);
			assertThat(this.server.raw().exists(this.prefix + ":cache:quotes:{a}", this.prefix + ":cache:quotes:{b}"))
				.isEqualTo(2);
		});
	}

	@Test
	void nearCacheServesReadsAndReturnsAValueAnotherInstanceWroteOnceInvalidated() {
		ApplicationContextRunner near = this.runner.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("earnbase.redis.cache.near.enabled=true", "earnbase.redis.cache.near.ttl=10m",
					"earnbase.redis.cache.near.cache-names=accounts");
		near.run((reader) -> this.runner.run((writer) -> {
			AccountService service = reader.getBean(AccountService.class);
			Account first = service.find("7");
			// Reads come from the local copy (else the stale read below could not
			// happen, and the test would prove nothing).
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(service.find("7")).isEqualTo(first);
				assertThat(reader.getBean(SimpleMeterRegistry.class)
					.get("earnbase.redis.cache.requests")
					.tags("cache", "accounts", "result", "near_hit")
					.counter()
					.count()).isPositive();
			});
			Account changed = new Account("7", 100L, List.of("ada"));
			writer.getBean(CacheManager.class).getCache("accounts").put("7", changed);
			// The local copy lives 10 minutes: only the invalidation makes the new value
			// visible.
			await().atMost(Duration.ofSeconds(10)).until(() -> changed.equals(service.find("7")));
			assertThat(service.find("7")).isEqualTo(changed);
			assertThat(finds).hasValue(1);
		}));
	}

	/** A cached value type of the application. */
	record Account(String id, long balance, List<String> owners) {
	}

	/** An application service with cached methods. */
	static class AccountService {

		@Cacheable("accounts")
		public Account find(String id) {
			finds.incrementAndGet();
			return "missing".equals(id) ? null : new Account(id, 0L, List.of());
		}

		@Cacheable(cacheNames = "accounts", unless = "#result == null")
		public Account findUnlessNull(String id) {
			return find(id);
		}

		@Cacheable("quotes")
		public CompletableFuture<String> quote(String id) {
			quotes.incrementAndGet();
			return CompletableFuture.supplyAsync(() -> "quote " + id);
		}

		@Cacheable(cacheNames = "quotes", sync = true)
		public CompletableFuture<String> quoteSync(String id) {
			quotes.incrementAndGet();
			return CompletableFuture.supplyAsync(() -> "quote " + id);
		}

		@CacheEvict("accounts")
		public void evict(String id) {
		}

		@Cacheable(cacheNames = "reports", sync = true)
		public String report(String id) throws InterruptedException {
			reports.incrementAndGet();
			if ("fail".equals(id)) {
				throw new IllegalStateException("report failed");
			}
			Thread.sleep(300);
			return "report " + id;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	@AutoConfigurationPackage
	static class AccountConfiguration {

		@Bean
		AccountService accountService() {
			return new AccountService();
		}

	}

}
