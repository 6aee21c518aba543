package io.github.predictivegateway.standard;

/**
 * A shared store (Redis) did not answer in time, failed, or is known to be down (its
 * circuit breaker is open). The route's failure policy decides what the request gets
 * instead.
 */
public class StoreUnavailableException extends RuntimeException {

	public StoreUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
