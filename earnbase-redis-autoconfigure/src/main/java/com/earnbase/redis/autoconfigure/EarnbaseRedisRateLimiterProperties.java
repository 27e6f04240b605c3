package com.earnbase.redis.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.earnbase.redis.ratelimit.RateLimitAlgorithm;
import com.earnbase.redis.ratelimit.RateLimitFailurePolicy;
import com.earnbase.redis.ratelimit.RateLimitPolicy;
import com.earnbase.redis.ratelimit.RateLimiterOptions;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * Configuration of the rate limiter and of its Spring MVC routes, under
 * {@code earnbase.redis.rate-limiter}.
 */
@ConfigurationProperties(EarnbaseRedisRateLimiterProperties.PREFIX)
public class EarnbaseRedisRateLimiterProperties implements InitializingBean {

	/** The prefix of the rate limiter properties. */
	public static final String PREFIX = EarnbaseRedisProperties.PREFIX + ".rate-limiter";

	/** Whether to create the RateLimiter bean. */
	private boolean enabled = true;

	/** Key namespace under the client's prefix. */
	private String namespace = RateLimiterOptions.DEFAULT_NAMESPACE;

	/**
	 * Algorithm used when a call names none: fixed-window, sliding-window,
	 * sliding-window-counter or token-bucket.
	 */
	private RateLimitAlgorithm algorithm = RateLimiterOptions.DEFAULT_ALGORITHM;

	/**
	 * What a check answers when Redis cannot be reached: deny (fail closed) or allow
	 * (fail open).
	 */
	private RateLimitFailurePolicy onFailure = RateLimiterOptions.DEFAULT_ON_FAILURE;

	/**
	 * Request paths limited by the Spring MVC interceptor; the first route whose path
	 * matches applies.
	 */
	private List<Route> routes = new ArrayList<>();

	@Override
	public void afterPropertiesSet() {
		toOptions();
		for (int i = 0; i < this.routes.size(); i++) {
			this.routes.get(i).validate(PREFIX + ".routes[" + i + "]");
		}
	}

	/**
	 * The rate limiter's options.
	 * @return the options
	 * @throws InvalidRedisPropertyException naming the first invalid property
	 */
	public RateLimiterOptions toOptions() {
		return PropertyOptions.build(PREFIX, this,
				() -> new RateLimiterOptions(this.namespace, this.algorithm, this.onFailure),
				Map.of("defaultAlgorithm", "algorithm"));
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

	public RateLimitAlgorithm getAlgorithm() {
		return this.algorithm;
	}

	public void setAlgorithm(RateLimitAlgorithm algorithm) {
		this.algorithm = algorithm;
	}

	public RateLimitFailurePolicy getOnFailure() {
		return this.onFailure;
	}

	public void setOnFailure(RateLimitFailurePolicy onFailure) {
		this.onFailure = onFailure;
	}

	public List<Route> getRoutes() {
		return this.routes;
	}

	public void setRoutes(List<Route> routes) {
		this.routes = routes;
	}

	/** A request path limited by the Spring MVC interceptor. */
	public static class Route {

		/**
		 * Path pattern of the requests limited, e.g. /api/**, without the context path.
		 */
		private String path;

		/** Requests allowed per window. */
		private int limit;

		/** The window, e.g. 1m, 30s or 500ms. */
		private Duration window;

		/**
		 * SpEL expression over #request and #principal for who is limited; empty means
		 * the client address.
		 */
		private String key;

		/** Algorithm of this route; the rate limiter's default when unset. */
		private RateLimitAlgorithm algorithm;

		void validate(String prefix) {
			if (this.path == null || this.path.isBlank()) {
				throw new InvalidRedisPropertyException(prefix + ".path", String.valueOf(this.path),
						"must not be empty");
			}
			toPolicy(prefix);
			if (this.key != null && !this.key.isBlank()) {
				try {
					new SpelExpressionParser().parseExpression(this.key);
				}
				catch (RuntimeException ex) {
					throw new InvalidRedisPropertyException(prefix + ".key", this.key,
							"is not a SpEL expression: " + ex.getMessage());
				}
			}
		}

		/**
		 * The route's limit.
		 * @param prefix the route's property prefix, e.g.
		 * {@code earnbase.redis.rate-limiter.routes[0]}
		 * @return the policy
		 * @throws InvalidRedisPropertyException naming the invalid property
		 */
		RateLimitPolicy toPolicy(String prefix) {
			return PropertyOptions.build(prefix, this,
					() -> new RateLimitPolicy(this.algorithm, this.limit, this.window), Map.of());
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public int getLimit() {
			return this.limit;
		}

		public void setLimit(int limit) {
			this.limit = limit;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

		public String getKey() {
			return this.key;
		}

		public void setKey(String key) {
			this.key = key;
		}

		public RateLimitAlgorithm getAlgorithm() {
			return this.algorithm;
		}

		public void setAlgorithm(RateLimitAlgorithm algorithm) {
			this.algorithm = algorithm;
		}

	}

}
