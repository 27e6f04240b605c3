/**
 * Everything of the auto-configuration that depends on Spring Boot 4's own Redis and
 * health types, compiled against Boot 4.0 and active on 4.0 and 4.1: the bridge that
 * points Boot's Redis support at {@code earnbase.redis.*} (or makes the client follow
 * Boot's connection details), the customizers of Boot's shared Lettuce resources and the
 * {@code earnbase-redis} health indicator.
 */
package com.earnbase.redis.autoconfigure.boot4;
