package io.github.predictivegateway.autoconfigure.redis;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

import io.github.predictivegateway.autoconfigure.PropertyRules;
import io.github.predictivegateway.filter.FailurePolicy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * Distributed mode ({@code predictive.store=redis}): the connection itself is
 * spring.data.redis.*.
 */
@ConfigurationProperties(PredictiveRedisProperties.PREFIX)
@Validated
public class PredictiveRedisProperties implements Validator {

	public static final String PREFIX = "predictive.redis";

	/**
	 * Longest a Redis call may take (all its round trips); past it the request is decided
	 * by the route's failure policy. An outage costs a request at most this, and nothing
	 * once the circuit breaker opens.
	 */
	@NotNull
	private Duration timeout = Duration.ofMillis(50);

	/** Default failure policy of routes that set none: fail-open or fail-closed. */
	@NotBlank
	private String failurePolicy = "fail-open";

	/**
	 * Gateway instances expected behind the load balancer: a fail-open instance limits
	 * each tenant to rate / expected-instances (and burst / expected-instances) while
	 * Redis is down.
	 */
	@Min(1)
	private int expectedInstances = 2;

	/**
	 * Start of every key this gateway writes; give each environment sharing a Redis its
	 * own.
	 */
	@NotBlank
	private String keyPrefix = "predictive:";

	/**
	 * How long the circuit breaker stays open (calls fail at once) before it tries Redis
	 * again.
	 */
	@NotNull
	private Duration circuitOpenFor = Duration.ofSeconds(1);

	/** Calls the circuit breaker judges over; it opens when half of them failed. */
	@Min(2)
	private int circuitWindow = 20;

	/** Fewest calls in the window before the circuit breaker may open. */
	@Min(1)
	private int circuitMinCalls = 5;

	/**
	 * How much pre-allocated capacity one lease takes from the shared ledger, as a time:
	 * the units this instance spent from its leases in the last such period (at least 1,
	 * at most what is left).
	 */
	@NotNull
	private Duration leaseHorizon = Duration.ofMillis(500);

	/**
	 * Share of a standard bucket's burst that all instances together may admit from their
	 * local copies of it without asking Redis: each instance up to floor(share × burst /
	 * expected-instances) units between two synchronizations (Bucket4j's delaying
	 * optimization), so a standard bucket admits at most that share of its burst beyond
	 * burst + rate × t. 0, or a burst too small to give an instance one unit: every
	 * decision asks Redis (exact).
	 */
	@DecimalMin("0")
	@DecimalMax("1")
	private double unsynchronizedShare = 0.01;

	/**
	 * Longest an instance decides from its local copy of a standard bucket before it
	 * synchronizes again.
	 */
	@NotNull
	private Duration unsynchronizedFor = Duration.ofMillis(100);

	/**
	 * Whether the capacity gates are shared by all instances (one Redis bucket per
	 * resource type, leased in chunks); false keeps each instance's gate local at the
	 * full capacity.
	 */
	private boolean sharedGate = true;

	/**
	 * How many entries the usage stream keeps (XADD MAXLEN): with
	 * predictive.usage.sink=redis, one entry per instance per step (more when a step's
	 * records exceed usage.max-batch); it must cover the longest time a sidecar may be
	 * down and still catch up.
	 */
	@Min(1)
	private long usageStreamMaxEntries = 100_000;

	@Override
	public boolean supports(Class<?> clazz) {
		return PredictiveRedisProperties.class.isAssignableFrom(clazz);
	}

	@Override
	public void validate(Object target, Errors errors) {
		PredictiveRedisProperties properties = (PredictiveRedisProperties) target;
		PropertyRules rules = new PropertyRules(errors, PREFIX);
		String policy = properties.getFailurePolicy();
		if (policy != null && !policy.isBlank()) {
			rules.check("failure-policy", "failure-policy", () -> FailurePolicy.parse(policy));
		}
		rules.positive("timeout", properties.getTimeout());
		rules.positive("circuit-open-for", properties.getCircuitOpenFor());
		rules.positive("lease-horizon", properties.getLeaseHorizon());
		rules.positive("unsynchronized-for", properties.getUnsynchronizedFor());
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public String getFailurePolicy() {
		return this.failurePolicy;
	}

	public void setFailurePolicy(String failurePolicy) {
		this.failurePolicy = failurePolicy;
	}

	public int getExpectedInstances() {
		return this.expectedInstances;
	}

	public void setExpectedInstances(int expectedInstances) {
		this.expectedInstances = expectedInstances;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public Duration getCircuitOpenFor() {
		return this.circuitOpenFor;
	}

	public void setCircuitOpenFor(Duration circuitOpenFor) {
		this.circuitOpenFor = circuitOpenFor;
	}

	public int getCircuitWindow() {
		return this.circuitWindow;
	}

	public void setCircuitWindow(int circuitWindow) {
		this.circuitWindow = circuitWindow;
	}

	public int getCircuitMinCalls() {
		return this.circuitMinCalls;
	}

	public void setCircuitMinCalls(int circuitMinCalls) {
		this.circuitMinCalls = circuitMinCalls;
	}

	public Duration getLeaseHorizon() {
		return this.leaseHorizon;
	}

	public void setLeaseHorizon(Duration leaseHorizon) {
		this.leaseHorizon = leaseHorizon;
	}

	public double getUnsynchronizedShare() {
		return this.unsynchronizedShare;
	}

	public void setUnsynchronizedShare(double unsynchronizedShare) {
		this.unsynchronizedShare = unsynchronizedShare;
	}

	public Duration getUnsynchronizedFor() {
		return this.unsynchronizedFor;
	}

	public void setUnsynchronizedFor(Duration unsynchronizedFor) {
		this.unsynchronizedFor = unsynchronizedFor;
	}

	public boolean isSharedGate() {
		return this.sharedGate;
	}

	public void setSharedGate(boolean sharedGate) {
		this.sharedGate = sharedGate;
	}

	public long getUsageStreamMaxEntries() {
		return this.usageStreamMaxEntries;
	}

	public void setUsageStreamMaxEntries(long usageStreamMaxEntries) {
		this.usageStreamMaxEntries = usageStreamMaxEntries;
	}

}
