package io.github.predictivegateway.autoconfigure.redis;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.autoconfigure.PropertyRules;
import io.github.predictivegateway.autoconfigure.ValidatedProperties;
import io.github.predictivegateway.filter.FailurePolicy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Distributed mode ({@code predictive.store=redis}): the connection itself is
 * spring.data.redis.*.
 *
 * @param timeout Longest a Redis call may take (all its round trips); past it the request
 * is decided by the route's failure policy. An outage costs a request at most this, and
 * nothing once the circuit breaker opens.
 * @param failurePolicy Default failure policy of routes that set none: fail-open or
 * fail-closed.
 * @param expectedInstances Gateway instances expected behind the load balancer: a
 * fail-open instance limits each tenant to rate / expected-instances (and burst /
 * expected-instances) while Redis is down.
 * @param keyPrefix Start of every key this gateway writes; give each environment sharing
 * a Redis its own.
 * @param circuitOpenFor How long the circuit breaker stays open (calls fail at once)
 * before it tries Redis again.
 * @param circuitWindow Calls the circuit breaker judges over; it opens when half of them
 * failed.
 * @param circuitMinCalls Fewest calls in the window before the circuit breaker may open.
 * @param leaseHorizon How much pre-allocated capacity one lease takes from the shared
 * ledger, as a time: the units this instance spent from its leases in the last such
 * period (at least 1, at most what is left).
 * @param unsynchronizedShare Share of a standard bucket's burst that all instances
 * together may admit from their local copies of it without asking Redis: each instance up
 * to floor(share × burst / expected-instances) units between two synchronizations
 * (Bucket4j's delaying optimization), so a standard bucket admits at most that share of
 * its burst beyond burst + rate × t. 0, or a burst too small to give an instance one
 * unit: every decision asks Redis (exact).
 * @param unsynchronizedFor Longest an instance decides from its local copy of a standard
 * bucket before it synchronizes again.
 * @param sharedGate Whether the capacity gates are shared by all instances (one Redis
 * bucket per resource type, leased in chunks); false keeps each instance's gate local at
 * the full capacity.
 * @param usageStreamMaxEntries How many entries the usage stream keeps (XADD MAXLEN):
 * with predictive.usage.sink=redis, one entry per instance per step (more when a step's
 * records exceed usage.max-batch); it must cover the longest time a sidecar may be down
 * and still catch up.
 * @param warmUpTimeout Longest start-up waits for Redis to be warmed up (connections to
 * every master, scripts loaded, one decision's round trip) before the instance reports
 * ready; past it the instance starts anyway, its routes following their failure policy
 * until Redis answers, and the warm-up goes on in the background. 0: do not wait.
 * @param forecasterLease Without a sidecar: how long the instance running the cluster's
 * forecaster holds its lease (renewed every third of it); another instance takes over
 * when a leader stops renewing for this long. Unset: a quarter of a step in real time,
 * within [1s, 10s].
 */
@ConfigurationProperties(PredictiveRedisProperties.PREFIX)
@Validated
public record PredictiveRedisProperties(@NotNull @DefaultValue("50ms") Duration timeout,
		@NotBlank @DefaultValue("fail-open") String failurePolicy, @Min(1) @DefaultValue("2") int expectedInstances,
		@NotBlank @DefaultValue("predictive:") String keyPrefix, @NotNull @DefaultValue("1s") Duration circuitOpenFor,
		@Min(2) @DefaultValue("20") int circuitWindow, @Min(1) @DefaultValue("5") int circuitMinCalls,
		@NotNull @DefaultValue("500ms") Duration leaseHorizon,
		@DecimalMin("0") @DecimalMax("1") @DefaultValue("0.01") double unsynchronizedShare,
		@NotNull @DefaultValue("100ms") Duration unsynchronizedFor, @DefaultValue("true") boolean sharedGate,
		@Min(1) @DefaultValue("100000") long usageStreamMaxEntries, @NotNull @DefaultValue("5s") Duration warmUpTimeout,
		@Nullable Duration forecasterLease) implements ValidatedProperties {

	public static final String PREFIX = "predictive.redis";

	@Override
	public void check(PropertyRules rules) {
		String policy = this.failurePolicy();
		if (policy != null && !policy.isBlank()) {
			rules.check("failure-policy", "failure-policy", () -> FailurePolicy.parse(policy));
		}
		rules.positive("timeout", this.timeout());
		rules.positive("circuit-open-for", this.circuitOpenFor());
		rules.positive("lease-horizon", this.leaseHorizon());
		rules.positive("unsynchronized-for", this.unsynchronizedFor());
		rules.notNegative("warm-up-timeout", this.warmUpTimeout());
		if (this.forecasterLease() != null) {
			rules.positive("forecaster-lease", this.forecasterLease());
		}
	}

	/**
	 * The forecaster's lease: as set, else a quarter of the real step within [1 s, 10 s].
	 */
	public Duration forecasterLease(Duration realStep) {
		if (this.forecasterLease() != null) {
			return this.forecasterLease();
		}
		long quarter = realStep.toNanos() / 4;
		return Duration
			.ofNanos(Math.max(Duration.ofSeconds(1).toNanos(), Math.min(Duration.ofSeconds(10).toNanos(), quarter)));
	}

}
