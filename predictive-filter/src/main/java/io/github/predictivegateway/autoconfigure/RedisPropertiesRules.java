package io.github.predictivegateway.autoconfigure;

import java.time.Duration;

import io.github.predictivegateway.filter.FailurePolicy;

import org.springframework.validation.Errors;

/**
 * The rules of {@code predictive.store} and {@code predictive.redis.*} that Bean
 * Validation cannot express, checked with the others at binding, so a typo
 * ({@code store: rdis}, {@code failure-policy: open}) stops start-up instead of silently
 * running in local mode or with the wrong policy.
 */
final class RedisPropertiesRules {

	private static final String P = PredictiveProperties.PREFIX + ".";

	private RedisPropertiesRules() {
	}

	static void check(PredictiveProperties properties, Errors errors) {
		String store = properties.getStore();
		if (store != null && !store.equals("local") && !store.equals("redis")) {
			errors.reject("predictive.store", P + "store is '" + store + "'; it must be local or redis");
		}
		PredictiveProperties.Redis redis = properties.getRedis();
		if (redis.getFailurePolicy() != null && !redis.getFailurePolicy().isBlank()) {
			try {
				FailurePolicy.parse(redis.getFailurePolicy());
			}
			catch (IllegalArgumentException ex) {
				errors.reject("predictive.redis.failure-policy", P + "redis.failure-policy: " + ex.getMessage());
			}
		}
		positive(errors, "timeout", redis.getTimeout());
		positive(errors, "circuit-open-for", redis.getCircuitOpenFor());
		positive(errors, "lease-horizon", redis.getLeaseHorizon());
		positive(errors, "unsynchronized-for", redis.getUnsynchronizedFor());
	}

	private static void positive(Errors errors, String name, Duration value) {
		if (value != null && (value.isNegative() || value.isZero())) {
			errors.reject("predictive.redis." + name,
					P + "redis." + name + " is " + value + "; it must be a positive duration");
		}
	}

}
