/**
 * Spring Boot auto-configuration of the earnbase Redis client and its primitives: one
 * auto-configuration and one properties class per primitive under
 * {@code earnbase.redis.<primitive>}, the Spring Cache manager and the Spring MVC
 * rate-limit interceptor on the primitives, and the failure analyzers that explain a
 * start-up failure; what depends on Boot 3's own Redis and Actuator types lives in
 * {@code boot3}.
 */
package com.earnbase.redis.autoconfigure;
