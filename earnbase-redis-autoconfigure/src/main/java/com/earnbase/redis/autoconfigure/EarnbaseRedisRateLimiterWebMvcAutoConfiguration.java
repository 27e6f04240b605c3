package com.earnbase.redis.autoconfigure;

import com.earnbase.redis.ratelimit.RateLimited;
import com.earnbase.redis.ratelimit.RateLimiter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Registers the {@link RateLimitInterceptor} that enforces {@link RateLimited} and the
 * configured routes in servlet web applications with Spring MVC.
 */
@AutoConfiguration(after = EarnbaseRedisRateLimiterAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ HandlerInterceptor.class, WebMvcConfigurer.class })
@ConditionalOnBean(RateLimiter.class)
@ConditionalOnProperty(prefix = EarnbaseRedisRateLimiterProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(EarnbaseRedisRateLimiterProperties.class)
public class EarnbaseRedisRateLimiterWebMvcAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RateLimitInterceptor earnbaseRateLimitInterceptor(RateLimiter limiter,
			EarnbaseRedisRateLimiterProperties properties) {
		return new RateLimitInterceptor(limiter, properties.getRoutes());
	}

	/**
	 * Checks every handler's {@link RateLimited} when the context is ready, so that
	 * mistakes fail start-up.
	 */
	@Bean
	ApplicationListener<ContextRefreshedEvent> earnbaseRateLimitAnnotationCheck(RateLimitInterceptor interceptor) {
		return (event) -> event.getApplicationContext()
			.getBeansOfType(RequestMappingHandlerMapping.class)
			.values()
			.forEach((mapping) -> mapping.getHandlerMethods().values().forEach(interceptor::annotatedRule));
	}

	@Bean
	WebMvcConfigurer earnbaseRateLimitWebMvcConfigurer(RateLimitInterceptor interceptor) {
		return new WebMvcConfigurer() {
			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(interceptor);
			}
		};
	}

}
