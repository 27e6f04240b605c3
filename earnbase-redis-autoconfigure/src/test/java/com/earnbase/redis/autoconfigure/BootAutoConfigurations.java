package com.earnbase.redis.autoconfigure;

import java.util.Arrays;
import java.util.stream.Stream;

import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * Boot's own auto-configurations by their name on each Boot line, for tests of the
 * Boot-neutral auto-configurations that run on every line: Boot 4 moved them to new
 * packages.
 */
final class BootAutoConfigurations {

	/** Boot's Redis auto-configuration. */
	static final Class<?> REDIS = resolve(Boot3ClassNames.REDIS_AUTO_CONFIGURATION,
			Boot4ClassNames.REDIS_AUTO_CONFIGURATION);

	/** Boot's Spring Cache auto-configuration. */
	static final Class<?> CACHE = resolve(Boot3ClassNames.CACHE_AUTO_CONFIGURATION,
			Boot4ClassNames.CACHE_AUTO_CONFIGURATION);

	/** Spring MVC's auto-configuration. */
	static final Class<?> WEB_MVC = resolve(
			"org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration",
			"org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration");

	/** The DispatcherServlet's auto-configuration. */
	static final Class<?> DISPATCHER_SERVLET = resolve(
			"org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration",
			"org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration");

	/** The HTTP message converters' auto-configuration. */
	static final Class<?> HTTP_MESSAGE_CONVERTERS = resolve(
			"org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration",
			"org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration");

	private BootAutoConfigurations() {
	}

	/**
	 * Imports Spring MVC (DispatcherServlet, MVC, message converters) as configured on
	 * the line in use.
	 */
	static final class WebMvc implements ImportSelector {

		@Override
		public String[] selectImports(AnnotationMetadata metadata) {
			return Stream.of(DISPATCHER_SERVLET, WEB_MVC, HTTP_MESSAGE_CONVERTERS)
				.map(Class::getName)
				.toArray(String[]::new);
		}

	}

	private static Class<?> resolve(String... names) {
		return Arrays.stream(names)
			.filter((name) -> ClassUtils.isPresent(name, null))
			.findFirst()
			.map((name) -> ClassUtils.resolveClassName(name, null))
			.orElseThrow(() -> new IllegalStateException("None of " + Arrays.toString(names) + " is on the classpath"));
	}

}
