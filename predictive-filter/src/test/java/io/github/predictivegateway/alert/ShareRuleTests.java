package io.github.predictivegateway.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.time.ManualTimeSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shares over a 5-minute window: the throttling rate from the
 * {@code predictive.decisions} counters (threshold 10%, at least 20 decisions), and the
 * share of 504s from Gateway's route timer (threshold 5%, at least 20 requests),
 * registered by the test with the contracts' tags.
 */
class ShareRuleTests {

	private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-30T09:00:00Z"));

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final AlertRule rule = AlertRules.throttlingHigh(Duration.ZERO, 0.1, Duration.ofMinutes(5), 20);

	private final AlertRule timeouts = AlertRules.upstreamTimeouts(Duration.ZERO, 0.05, Duration.ofMinutes(5), 20,
			PredictiveMetricNames.GATEWAY_REQUESTS);

	private void decide(String resource, String tenant, String decisionClass, int times) {
		Counter.builder(PredictiveMetricNames.DECISIONS)
			.tags(PredictiveMetricNames.RESOURCE, resource, PredictiveMetricNames.TENANT, tenant,
					PredictiveMetricNames.CLASS, decisionClass, PredictiveMetricNames.OUTCOME,
					decisionClass.equals("throttled") ? "rejected" : "admitted")
			.register(this.registry)
			.increment(times);
	}

	private void answer(String route, String status, int times) {
		Timer timer = Timer.builder(PredictiveMetricNames.GATEWAY_REQUESTS)
			.tags(PredictiveMetricNames.GATEWAY_ROUTE_ID, route, PredictiveMetricNames.GATEWAY_ROUTE_URI,
					"http://" + route + ":8080", PredictiveMetricNames.GATEWAY_HTTP_STATUS_CODE, status, "outcome",
					status.startsWith("2") ? "SUCCESSFUL" : "SERVER_ERROR")
			.register(this.registry);
		for (int i = 0; i < times; i++) {
			timer.record(Duration.ofMillis(200));
		}
	}

	private List<Breach> after(Duration elapsed) {
		this.time.advance(elapsed);
		return this.rule.evaluate(this.registry, this.time.epochNanos());
	}

	private List<Breach> timeoutsAfter(Duration elapsed) {
		this.time.advance(elapsed);
		return this.timeouts.evaluate(this.registry, this.time.epochNanos());
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
	void aResourceFirstSeenAfterAnEvaluationCountsFromZero() {
		decide("db", "other", "standard", 100);
		after(Duration.ZERO);
		decide("compute", "other", "throttled", 25);

		assertThat(after(Duration.ofMinutes(1))).containsExactly(new Breach(Map.of("resource", "compute"), 1.0));
	}

	@Test
	void theShareOfTimeoutsIs504sOverAllAnswersOfARoute() {
		answer("orders", "200", 50);
		answer("search", "200", 50);
		assertThat(timeoutsAfter(Duration.ZERO)).isEmpty();
		answer("orders", "200", 18);
		answer("orders", "504", 2);
		answer("search", "200", 19);
		answer("search", "504", 1);

		assertThat(timeoutsAfter(Duration.ofMinutes(1)))
			.containsExactly(new Breach(Map.of("routeId", "orders", "routeUri", "http://orders:8080"), 0.1));
	}

	@Test
	void timeoutsResolveOnceTheWindowHoldsNoneOfThem() {
		answer("orders", "504", 0);
		timeoutsAfter(Duration.ZERO);
		answer("orders", "504", 30);
		assertThat(timeoutsAfter(Duration.ofMinutes(1))).hasSize(1);
		answer("orders", "200", 30);
		assertThat(timeoutsAfter(Duration.ofMinutes(4))).as("30 of 60 in the window").hasSize(1);

		answer("orders", "200", 30);
		assertThat(timeoutsAfter(Duration.ofMinutes(2))).as("the window starts after the 504s").isEmpty();
	}

	@Test
	void theTimeoutDescriptionNamesTheRouteAndItsUpstream() {
		assertThat(
				this.timeouts.describe(new Breach(Map.of("routeId", "orders", "routeUri", "http://orders:8080"), 0.1)))
			.isEqualTo("10% of the requests on route orders were answered 504 over the last 5m: its upstream "
					+ "http://orders:8080 is slower than the route's response timeout (threshold 5%)");
	}

	@Test
	void withoutDecisionMetersNothingHolds() {
		assertThat(after(Duration.ZERO)).isEmpty();
		assertThat(after(Duration.ofMinutes(10))).isEmpty();
	}

}
