package com.earnbase.redis.autoconfigure;

import java.io.IOException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.earnbase.redis.ratelimit.RateLimitAlgorithm;
import com.earnbase.redis.ratelimit.RateLimitDecision;
import com.earnbase.redis.ratelimit.RateLimitPolicy;
import com.earnbase.redis.ratelimit.RateLimited;
import com.earnbase.redis.ratelimit.RateLimiter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Enforces {@link RateLimited} on handler methods and the configured routes
 * ({@code earnbase.redis.rate-limiter.routes}): an annotated handler uses its annotation,
 * any other request the first route whose path matches. Denied requests get
 * {@code 429 Too Many Requests} and {@code Retry-After}; every limited response carries
 * the {@code RateLimit-Policy} and {@code RateLimit} fields of
 * draft-ietf-httpapi-ratelimit-headers-09.
 */
public class RateLimitInterceptor implements HandlerInterceptor {

	/**
	 * The quota policy name used in the {@code RateLimit-Policy} and {@code RateLimit}
	 * fields.
	 */
	public static final String POLICY_NAME = "default";

	/**
	 * A key expression result with this prefix names a counter shared across handlers and
	 * routes.
	 */
	public static final String SHARED_KEY_PREFIX = "shared:";

	private static final Rule NOT_ANNOTATED = new Rule("", null, null);

	private final RateLimiter limiter;

	private final List<Route> routes;

	private final ConcurrentMap<Method, Rule> annotated = new ConcurrentHashMap<>();

	private final ExpressionParser parser = new SpelExpressionParser();

	/**
	 * Creates the interceptor.
	 * @param limiter the limiter
	 * @param routes the configured routes, in priority order
	 * @throws InvalidRedisPropertyException when a route's path is not a path pattern
	 */
	public RateLimitInterceptor(RateLimiter limiter, List<EarnbaseRedisRateLimiterProperties.Route> routes) {
		this.limiter = limiter;
		List<Route> parsed = new ArrayList<>();
		for (int i = 0; i < routes.size(); i++) {
			EarnbaseRedisRateLimiterProperties.Route route = routes.get(i);
			String property = EarnbaseRedisRateLimiterProperties.PREFIX + ".routes[" + i + "]";
			PathPattern pattern;
			try {
				pattern = PathPatternParser.defaultInstance.parse(route.getPath());
			}
			catch (RuntimeException ex) {
				throw new InvalidRedisPropertyException(property + ".path", route.getPath(),
						"is not a path pattern: " + ex.getMessage());
			}
			RateLimitPolicy policy = route.toPolicy(property);
			parsed.add(new Route(pattern, new Rule("route:" + route.getPath(), expression(route.getKey()), policy)));
		}
		this.routes = List.copyOf(parsed);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws IOException {
		// async and error dispatches belong to a request that was already checked
		if (request.getDispatcherType() != DispatcherType.REQUEST) {
			return true;
		}
		Rule rule = (handler instanceof HandlerMethod method) ? annotatedRule(method) : NOT_ANNOTATED;
		if (rule == NOT_ANNOTATED) {
			rule = routeRule(request);
			if (rule == null) {
				return true;
			}
		}
		RateLimitDecision decision = this.limiter.tryAcquire(rule.redisKey(request), 1, rule.policy());
		response.setHeader("RateLimit-Policy", policyField(rule.policy()));
		response.setHeader("RateLimit",
				"\"" + POLICY_NAME + "\";r=" + decision.remaining() + ";t=" + ceilSeconds(decision.resetAfter()));
		if (decision.allowed()) {
			return true;
		}
		response.setHeader("Retry-After", Long.toString(Math.max(1, ceilSeconds(decision.retryAfter()))));
		response.setStatus(429);
		response.setContentType("text/plain;charset=UTF-8");
		response.getWriter().write("Too Many Requests");
		return false;
	}

	/**
	 * Reads and checks the {@link RateLimited} annotation of a handler once; called for
	 * every handler at start-up so that a bad window or key expression stops the
	 * application instead of failing requests.
	 * @param method the handler
	 * @return its rule, or {@link #NOT_ANNOTATED}
	 */
	Rule annotatedRule(HandlerMethod method) {
		return this.annotated.computeIfAbsent(method.getMethod(), (m) -> annotationRule(method));
	}

	private Rule annotationRule(HandlerMethod method) {
		RateLimited annotation = Optional
			.ofNullable(AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RateLimited.class))
			.orElseGet(() -> AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RateLimited.class));
		if (annotation == null) {
			return NOT_ANNOTATED;
		}
		String handler = method.getBeanType().getName() + "#" + method.getMethod().getName();
		try {
			Duration window = DurationStyle.detectAndParse(annotation.window());
			RateLimitAlgorithm algorithm = annotation.algorithm().isBlank() ? null
					: RateLimitAlgorithm.fromName(annotation.algorithm());
			return new Rule(handler, expression(annotation.key()),
					new RateLimitPolicy(algorithm, annotation.limit(), window));
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("Invalid @RateLimited on " + handler + ": " + ex.getMessage(), ex);
		}
	}

	private Rule routeRule(HttpServletRequest request) {
		if (this.routes.isEmpty()) {
			return null;
		}
		PathContainer path = ServletRequestPathUtils.hasParsedRequestPath(request)
				? ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication()
				: RequestPath.parse(request.getRequestURI(), request.getContextPath()).pathWithinApplication();
		for (Route route : this.routes) {
			if (route.pattern().matches(path)) {
				return route.rule();
			}
		}
		return null;
	}

	private Expression expression(String key) {
		return (key == null || key.isBlank()) ? null : this.parser.parseExpression(key);
	}

	private static String policyField(RateLimitPolicy policy) {
		return "\"" + POLICY_NAME + "\";q=" + policy.limit() + ";w=" + Math.max(1, ceilSeconds(policy.window()));
	}

	private static long ceilSeconds(Duration duration) {
		long millis = duration.toMillis();
		return (millis + 999) / 1000;
	}

	/**
	 * A limit and whose calls it counts; scope keeps counters of different handlers or
	 * routes apart.
	 */
	record Rule(String scope, Expression key, RateLimitPolicy policy) {

		String redisKey(HttpServletRequest request) {
			String value = (this.key != null) ? evaluate(request) : null;
			if (value == null || value.isBlank()) {
				return "http:" + this.scope + ":" + request.getRemoteAddr();
			}
			return value.startsWith(SHARED_KEY_PREFIX) ? "http:" + value : "http:" + this.scope + ":" + value;
		}

		private String evaluate(HttpServletRequest request) {
			EvaluationContext context = SimpleEvaluationContext.forReadOnlyDataBinding().withInstanceMethods().build();
			request.getParameterMap().forEach((name, values) -> context.setVariable(name, values[0]));
			Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
			if (variables instanceof Map<?, ?> map) {
				map.forEach((name, value) -> context.setVariable(String.valueOf(name), value));
			}
			context.setVariable("request", request);
			context.setVariable("principal", request.getUserPrincipal());
			Object value = this.key.getValue(context);
			return (value != null) ? value.toString() : null;
		}

	}

	/** A configured route: the first whose pattern matches the path applies. */
	private record Route(PathPattern pattern, Rule rule) {
	}

}
