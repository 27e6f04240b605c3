/**
 * Spring Boot auto-configuration of the earnbase Redis client and its primitives: one
 * auto-configuration and one properties class per primitive under
 * {@code earnbase.redis.<primitive>}, the Spring Cache manager and the Spring MVC
 * rate-limit interceptor on the primitives, and the failure analyzers that explain a
 * start-up failure. Nothing here depends on the types of one Boot line: those live in the
 * modules {@code earnbase-redis-boot3} and {@code earnbase-redis-boot4}; the class names
 * of both lines are in {@link Boot3ClassNames} and {@link Boot4ClassNames}.
 */
package com.earnbase.redis.autoconfigure;
