package com.earnbase.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import com.earnbase.redis.support.Arguments;
import com.earnbase.redis.json.JsonCodecs;
import com.earnbase.redis.support.Json;
import com.earnbase.redis.support.RedisUrls;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

/**
 * The builder's settings, checked and copied before any connection is made, so later
 * builder changes do not leak.
 */
final class ClientSettings {

	/**
	 * The server's URI with credentials, database and TLS applied; for a cluster, the
	 * template of the node URIs.
	 */
	final RedisURI uri;

	/** The seed nodes of a cluster; empty for standalone and Sentinel. */
	final List<RedisURI> clusterUris;

	/** The server for logs and messages, without credentials. */
	final String redactedUrl;

	final String prefix;

	final Duration defaultTtl;

	final Duration timeout;

	final Duration connectTimeout;

	final Duration clusterRefreshPeriod;

	final long maxValueBytes;

	final int readAttempts;

	final Duration readBackoff;

	final Json json;

	/** The application's registry, or null. */
	final MeterRegistry meterRegistry;

	/**
	 * Resources the application shares with the client, or null for resources of the
	 * client's own.
	 */
	final ClientResources clientResources;

	final ObservationRegistry observationRegistry;

	final boolean flushConsolidation;

	final boolean readFromReplicas;

	final TrustManagerFactory trustManagers;

	final KeyManagerFactory keyManagers;

	/** Lettuce's request queue size. */
	final int maxQueuedCommands;

	/** How long a peer may stay silent before its connection is given up, or null. */
	final Duration tcpUserTimeout;

	/** The keepalive tuning, or null for the OS defaults. */
	final KeepAlive keepAlive;

	ClientSettings(RedisClientBuilder builder) {
		RedisURI uri = RedisUrls.parse("url", builder.url);
		this.redactedUrl = builder.clusterNodes.isEmpty() ? RedisUrls.redact(builder.url)
				: "cluster " + String.join(",", builder.clusterNodes);
		RedisUrls.setCredentials(uri, builder.username, builder.password);
		if (builder.trustManagers != null) {
			uri.setSsl(true);
		}
		applySentinelSettings(builder, uri);
		if (builder.db != null) {
			if (builder.db < 0) {
				throw new IllegalArgumentException("db must not be negative but was " + builder.db);
			}
			uri.setDatabase(builder.db);
		}
		this.prefix = Names.normalizePrefix(builder.prefix);
		this.defaultTtl = (builder.defaultTtl != null) ? Arguments.requirePositive("defaultTtl", builder.defaultTtl)
				: null;
		this.timeout = Arguments.requirePositive("timeout", builder.timeout);
		this.connectTimeout = Arguments.requirePositive("connectTimeout", builder.connectTimeout);
		this.clusterRefreshPeriod = Arguments.requirePositive("clusterRefreshPeriod", builder.clusterRefreshPeriod);
		if (builder.maxValueBytes <= 0) {
			throw new IllegalArgumentException("maxValueBytes must be positive but was " + builder.maxValueBytes);
		}
		this.clusterUris = clusterUris(builder.clusterNodes, uri);
		if (!this.clusterUris.isEmpty() && uri.getDatabase() != 0) {
			throw new IllegalArgumentException("db must be 0 on a Redis Cluster but was " + uri.getDatabase());
		}
		this.maxValueBytes = builder.maxValueBytes;
		this.readAttempts = Arguments.requirePositive("retryReads.maxAttempts", builder.readAttempts);
		this.readBackoff = Arguments.requireNotNegative("retryReads.backoff", builder.readBackoff);
		this.json = new Json((builder.jsonCodec != null) ? builder.jsonCodec : JsonCodecs.defaultCodec());
		this.meterRegistry = builder.meterRegistry;
		// Lettuce bounds the connection handshake (HELLO, AUTH, SELECT) by the URI's
		// timeout; commands are bounded by
		// the client's TimeoutOptions. Opening a connection is the connect timeout's
		// business, not a command's.
		uri.setTimeout(this.connectTimeout);
		this.uri = uri;
		this.clientResources = builder.clientResources;
		this.observationRegistry = builder.observationRegistry;
		this.flushConsolidation = builder.flushConsolidation;
		this.readFromReplicas = builder.readFromReplicas;
		this.trustManagers = builder.trustManagers;
		this.keyManagers = builder.keyManagers;
		this.maxQueuedCommands = Arguments.requirePositive("maxQueuedCommands", builder.maxQueuedCommands);
		this.tcpUserTimeout = (builder.tcpUserTimeout != null) ? requireMillis("tcpUserTimeout", builder.tcpUserTimeout)
				: null;
		this.keepAlive = (builder.keepAliveIdle != null)
				? new KeepAlive(requireWholeSeconds("keepAlive.idle", builder.keepAliveIdle),
						requireWholeSeconds("keepAlive.interval", builder.keepAliveInterval),
						Arguments.requirePositive("keepAlive.count", builder.keepAliveCount))
				: null;
	}

	/**
	 * Sentinel credentials and TLS go to every Sentinel URI: Lettuce applies the URL's
	 * credentials to the data nodes only. Refused on any other URL, where they would
	 * silently do nothing.
	 */
	private void applySentinelSettings(RedisClientBuilder builder, RedisURI uri) {
		String given = (builder.sentinelPassword != null) ? "sentinelPassword" : (builder.sentinelUsername != null)
				? "sentinelUsername" : (builder.sentinelSsl != null) ? "sentinelSsl" : null;
		if (given == null) {
			return;
		}
		if (uri.getSentinels().isEmpty() || !builder.clusterNodes.isEmpty()) {
			throw new IllegalArgumentException(given + " applies only to a Sentinel URL (redis-sentinel:// or "
					+ "rediss-sentinel://) without clusterNodes, but the client connects to " + this.redactedUrl);
		}
		for (RedisURI sentinel : uri.getSentinels()) {
			RedisUrls.setCredentials(sentinel, builder.sentinelUsername, builder.sentinelPassword);
			if (builder.sentinelSsl != null) {
				sentinel.setSsl(builder.sentinelSsl);
			}
		}
	}

	private static Duration requireMillis(String name, Duration value) {
		Arguments.requirePositive(name, value);
		if (value.toMillis() < 1 || value.toMillis() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException(
					name + " must be between 1 ms and " + Integer.MAX_VALUE + " ms but was " + value);
		}
		return value;
	}

	private static Duration requireWholeSeconds(String name, Duration value) {
		Arguments.requirePositive(name, value);
		if (value.getNano() != 0 || value.getSeconds() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException(
					name + " must be a whole number of seconds (the socket option counts seconds) but was " + value);
		}
		return value;
	}

	boolean isCluster() {
		return !this.clusterUris.isEmpty();
	}

	/**
	 * TCP keepalive tuning.
	 *
	 * @param idle time without traffic before the first probe
	 * @param interval time between probes
	 * @param count unanswered probes before the connection is dropped
	 */
	record KeepAlive(Duration idle, Duration interval, int count) {
	}

	private static List<RedisURI> clusterUris(List<String> nodes, RedisURI template) {
		List<RedisURI> uris = new ArrayList<>();
		for (int i = 0; i < nodes.size(); i++) {
			String node = nodes.get(i);
			String argument = "clusterNodes[" + i + "]";
			Arguments.requireText(argument, node);
			int colon = node.lastIndexOf(':');
			int port;
			try {
				port = (colon > 0) ? Integer.parseInt(node.substring(colon + 1)) : -1;
			}
			catch (NumberFormatException ex) {
				port = -1;
			}
			if (port <= 0 || port > 65535) {
				throw new IllegalArgumentException(argument + " '" + node + "' must be host:port");
			}
			RedisURI uri = RedisURI.builder(template).withHost(node.substring(0, colon)).withPort(port).build();
			uri.setDatabase(0);
			uris.add(uri);
		}
		return uris;
	}

}
