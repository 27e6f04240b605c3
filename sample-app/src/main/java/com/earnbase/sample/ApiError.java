package com.earnbase.sample;

/**
 * The JSON body of an error response: {@code {"error":"..."}}.
 *
 * @param error what went wrong, for a human
 */
public record ApiError(String error) {

}
