package io.github.predictivegateway.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.time.ManualTimeSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throttling rate over a 5-minute window from the {@code predictive.decisions} counters, registered by the test
 * with the contract's tags; threshold 10%, at least 20 decisions.
 */
class ThrottlingRateRuleTests {

	private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-30T09:00:00Z"));

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ThrottlingRateRule rule = new ThrottlingRateRule("warning", Duration.ZERO, 0.1,
			Duration.ofMinutes(5), 20);

	private void decide(String resource, String tenant, String decisionClass, int times) {
		Counter.builder(PredictiveMetricNames.DECISIONS)
			.tags(PredictiveMetricNames.RESOURCE, resource, PredictiveMetricNames.TENANT, tenant,
					PredictiveMetricNames.CLASS, decisionClass, PredictiveMetricNames.OUTCOME,
					decisionClass.equals("throttled") ? "rejected" : "admitted")
			.register(this.registry)
			.increment(times);
	}

	private List<Breach> after(Duration elapsed) {
		this.time.advance(elapsed);
		return this.rule.evaluate(this.registry, this.time.epochNanos());
	}

	@Test
	void theRateIsThrottledDecisionsOverAllDecisionsOfAResourceAllTenantsTogether() {
		decide("db", "other", "standard", 100);
		assertThat(after(Duration.ZERO)).isEmpty();
		decide("db", "other", "standard", 30);
		decide("db", "acme", "preallocated", 40);
		decide("db", "other", "throttled", 20);
		decide("db", "acme", "throttled", 5);
		decide("db", "acme", "queue-full", 5);

		assertThat(after(Duration.ofMinutes(1))).containsExactly(new Breach(Map.of("resource", "db"), 0.25));
	}

	@Test
	void aRateAtTheThresholdDoesNotHold() {
		decide("db", "other", "standard", 0);
		after(Duration.ZERO);
		decide("db", "other", "standard", 90);
		decide("db", "other", "throttled", 10);

		assertThat(after(Duration.ofMinutes(1))).isEmpty();
	}

	@Test
	void fewerDecisionsThanTheMinimumSayNothing() {
		decide("db", "other", "throttled", 0);
		after(Duration.ZERO);
		decide("db", "other", "throttled", 19);

		assertThat(after(Duration.ofMinutes(1))).isEmpty();
	}

	@Test
	void theWindowStartsAtTheNewestEvaluationAtLeastAWindowOld() {
		decide("db", "other", "standard", 0);
		after(Duration.ZERO);
		decide("db", "other", "throttled", 50);
		after(Duration.ofMinutes(3));
		decide("db", "other", "standard", 50);
		assertThat(after(Duration.ofMinutes(3))).containsExactly(new Breach(Map.of("resource", "db"), 0.5));

		// the window now starts at minute 3: 50 standard decisions since, none throttled
		assertThat(after(Duration.ofMinutes(2))).isEmpty();
	}

	@Test
	void eachResourceHasItsOwnRate() {
		decide("db", "other", "standard", 0);
		decide("compute", "other", "standard", 0);
		after(Duration.ZERO);
		decide("db", "other", "standard", 100);
		decide("compute", "other", "throttled", 30);
		decide("compute", "other", "standard", 70);

		assertThat(after(Duration.ofMinutes(1))).containsExactly(new Breach(Map.of("resource", "compute"), 0.3));
	}

	@Test
	void theDescriptionReadsAsThePrometheusRulesOne() {
		assertThat(this.rule.describe(new Breach(Map.of("resource", "db"), 0.3)))
			.isEqualTo("30% of the decisions on resource db were throttled over the last 5m (threshold 10%)");
	}

	@Test
	void withoutDecisionMetersNothingHolds() {
		assertThat(after(Duration.ZERO)).isEmpty();
		assertThat(after(Duration.ofMinutes(10))).isEmpty();
	}

}
