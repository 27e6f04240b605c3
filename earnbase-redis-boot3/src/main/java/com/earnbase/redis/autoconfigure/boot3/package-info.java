/**
 * Everything of the auto-configuration that depends on Spring Boot 3's own Redis and
 * Actuator types: the bridge that points Boot's Redis support at {@code earnbase.redis.*}
 * (or makes the client follow Boot's connection details), the customizers of Boot's
 * shared Lettuce resources, the {@code earnbase-redis} health indicator, and the Boot 3
 * class names the rest of the auto-configuration refers to by name.
 */
package com.earnbase.redis.autoconfigure.boot3;
