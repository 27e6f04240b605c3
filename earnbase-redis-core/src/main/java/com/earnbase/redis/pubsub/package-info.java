/**
 * The pub/sub primitive: {@link com.earnbase.redis.pubsub.PubSubService}, its Redis
 * implementation (JSON messages, channel and pattern subscriptions on the client's
 * pub/sub hub, a bounded handler pool with per-subscription ordering), options and
 * metrics.
 */
package com.earnbase.redis.pubsub;
