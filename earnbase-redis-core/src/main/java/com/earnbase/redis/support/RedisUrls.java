package com.earnbase.redis.support;

import java.util.Locale;
import java.util.Set;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StaticCredentialsProvider;

/**
 * Parses Redis URLs with messages that never contain the password, and redacts URLs for
 * logs.
 */
public final class RedisUrls {

	private static final Set<String> SCHEMES = Set.of("redis", "rediss", "redis-sentinel", "rediss-sentinel",
			"redis-socket");

	private RedisUrls() {
	}

	/**
	 * Replaces the password in a URL by {@code ****}, keeping the user name. Everything
	 * up to the last {@code @} is taken for credentials, so a password holding {@code @},
	 * {@code /} or {@code :} is masked whole, and a URL without a scheme is masked too.
	 * @param url a URL, may be null or malformed
	 * @return the URL without its password
	 */
	public static String redact(String url) {
		if (url == null) {
			return null;
		}
		int schemeEnd = url.indexOf("://");
		int start = (schemeEnd >= 0) ? schemeEnd + 3 : 0;
		int at = url.lastIndexOf('@');
		if (at < start) {
			return url;
		}
		String userInfo = url.substring(start, at);
		int colon = userInfo.indexOf(':');
		String user = (colon >= 0) ? userInfo.substring(0, colon) : "";
		return url.substring(0, start) + (user.isEmpty() ? "" : user + ":") + "****" + url.substring(at);
	}

	/**
	 * Parses and checks a Redis URL.
	 * @param argument the argument or property name to use in error messages
	 * @param url the URL
	 * @return the parsed URI
	 * @throws IllegalArgumentException naming the argument and the redacted URL when the
	 * URL is not usable
	 */
	public static RedisURI parse(String argument, String url) {
		Arguments.requireText(argument, url);
		int schemeEnd = url.indexOf("://");
		String scheme = (schemeEnd > 0) ? url.substring(0, schemeEnd).toLowerCase(Locale.ROOT) : "";
		if (!SCHEMES.contains(scheme)) {
			throw invalid(argument, url,
					"the scheme must be one of redis, rediss, redis-sentinel, rediss-sentinel " + "or redis-socket");
		}
		RedisURI uri;
		try {
			uri = RedisURI.create(url);
		}
		catch (RuntimeException ex) {
			// The parser's own message repeats the raw URL, password included: it is not
			// passed on.
			throw invalid(argument, url, "it cannot be parsed");
		}
		boolean hasTarget = (uri.getHost() != null && !uri.getHost().isBlank()) || !uri.getSentinels().isEmpty()
				|| uri.getSocket() != null;
		if (!hasTarget) {
			throw invalid(argument, url, "it names no host");
		}
		// Lettuce takes "host:notaport" or ":6379" for a host name; only a bracketed IPv6
		// address may hold a colon.
		boolean badHost = java.util.stream.Stream.concat(java.util.stream.Stream.of(uri), uri.getSentinels().stream())
			.map(RedisURI::getHost)
			.anyMatch((host) -> host != null && host.indexOf(':') >= 0 && !url.contains("[" + host + "]"));
		if (badHost) {
			throw invalid(argument, url, "the address must be host:port with a numeric port (or [IPv6]:port)");
		}
		if (uri.getPort() <= 0 || uri.getPort() > 65535) {
			throw invalid(argument, url, "the port must be between 1 and 65535");
		}
		if (scheme.endsWith("sentinel") && (uri.getSentinelMasterId() == null || uri.getSentinelMasterId().isBlank())) {
			throw invalid(argument, url, "a sentinel URL needs the master name after '#'");
		}
		return uri;
	}

	/**
	 * Sets the credentials of a URI, keeping the URL's user name or password where the
	 * argument is null. Through a credentials provider because Lettuce 7 removed
	 * {@code RedisURI.setUsername/setPassword}; this works on 6.6 to 7.x.
	 * @param uri the URI to change
	 * @param username the user name, or null to keep the URL's
	 * @param password the password, or null to keep the URL's
	 */
	public static void setCredentials(RedisURI uri, String username, String password) {
		if (username == null && password == null) {
			return;
		}
		RedisCredentials current = credentials(uri);
		String user = (username != null) ? username : (current != null) ? current.getUsername() : null;
		char[] secret = (password != null) ? password.toCharArray() : (current != null) ? current.getPassword() : null;
		uri.setCredentialsProvider(new StaticCredentialsProvider(user, secret));
	}

	/**
	 * The credentials a URI carries (from its URL or {@link #setCredentials}), without
	 * resolving a provider that would have to ask a remote service.
	 * @param uri the URI
	 * @return the credentials, or null when the URI has none it can tell at once
	 */
	public static RedisCredentials credentials(RedisURI uri) {
		RedisCredentialsProvider provider = uri.getCredentialsProvider();
		if (provider instanceof RedisCredentialsProvider.ImmediateRedisCredentialsProvider immediate) {
			RedisCredentials credentials = immediate.resolveCredentialsNow();
			return (credentials != null && (credentials.hasUsername() || credentials.hasPassword())) ? credentials
					: null;
		}
		return null;
	}

	private static IllegalArgumentException invalid(String argument, String url, String reason) {
		return new IllegalArgumentException(argument + " '" + redact(url) + "' is not a valid Redis URL: " + reason
				+ " (expected e.g. redis://[user:password@]host[:port][/db], rediss://... for TLS or "
				+ "redis-sentinel://host:26379[,host2:26379][/db]#masterName)");
	}

}
