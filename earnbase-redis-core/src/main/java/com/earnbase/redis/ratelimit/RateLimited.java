package com.earnbase.redis.ratelimit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits calls of a Spring MVC handler method (or of every handler method of a controller
 * class). Calls over the limit are answered {@code 429 Too Many Requests} with
 * {@code Retry-After}, {@code RateLimit-Policy} and {@code RateLimit} headers; allowed
 * calls carry {@code RateLimit-Policy} and {@code RateLimit} too.
 * <p>
 * Each annotated handler has counters of its own unless {@link #key()} names a shared one
 * (see there).
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RateLimited {

	/**
	 * Calls allowed per window.
	 * @return the limit
	 */
	int limit();

	/**
	 * The window: {@code 500ms}, {@code 30s}, {@code 1m}, {@code 1h}, {@code 1d}, or
	 * ISO-8601 such as {@code PT1M}.
	 * @return the window
	 */
	String window();

	/**
	 * A SpEL expression for who is limited, evaluated per request with the variables
	 * {@code #request} ({@code HttpServletRequest}), {@code #principal} (may be null),
	 * and every URI template variable and request parameter by name (so
	 * {@code @PathVariable}/{@code @RequestParam} arguments can be named, as strings).
	 * Empty, or an expression that yields null or blank, means the client address. A
	 * value starting with {@code shared:} is not scoped to the handler, so handlers
	 * giving the same value share one counter.
	 * @return the key expression
	 */
	String key() default "";

	/**
	 * The algorithm's name ({@code fixed-window}, {@code sliding-window},
	 * {@code sliding-window-counter}, {@code token-bucket}); empty for the limiter's
	 * default.
	 * @return the algorithm
	 */
	String algorithm() default "";

}
