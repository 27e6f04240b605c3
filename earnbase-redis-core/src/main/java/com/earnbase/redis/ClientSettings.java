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

	ClientSettings(RedisClientBuilder builder) {
		RedisURI uri = RedisUrls.parse("url", builder.url);
		this.redactedUrl = builder.clusterNodes.isEmpty() ? RedisUrls.redact(builder.url)
				: "cluster " + String.join(",", builder.clusterNodes);
		RedisUrls.setCredentials(uri, builder.username, builder.password);
		if (builder.trustManagers != null) {
			uri.setSsl(true);
		}
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
	}

	boolean isCluster() {
		return !this.clusterUris.isEmpty();
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
