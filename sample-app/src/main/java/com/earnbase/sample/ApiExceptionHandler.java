package com.earnbase.sample;

import com.earnbase.redis.EarnbaseRedisException;
import com.earnbase.redis.session.SessionNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns the library's exceptions into JSON error responses. */
@RestControllerAdvice
class ApiExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler
	@ResponseStatus(HttpStatus.NOT_FOUND)
	ApiError sessionNotFound(SessionNotFoundException ex) {
		// The message never contains the session id.
		return new ApiError(ex.getMessage());
	}

	@ExceptionHandler
	@ResponseStatus(HttpStatus.BAD_REQUEST)
	ApiError badRequest(IllegalArgumentException ex) {
		return new ApiError(ex.getMessage());
	}

	@ExceptionHandler
	@ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
	ApiError redisFailed(EarnbaseRedisException ex) {
		log.atWarn().addKeyValue("operation", ex.operation()).setCause(ex).log("Redis call failed");
		return new ApiError("Redis is unavailable, try again later");
	}

}
