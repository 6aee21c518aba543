package io.github.predictivegateway.filter;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.metrics.TenantTags;
import io.github.predictivegateway.preallocation.PreallocationCycle;
import io.github.predictivegateway.test.TestGatewayApplication;
import io.github.predictivegateway.test.Upstream;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code predictive.decisions} as the running filter records it, through real routes with
 * time frozen: every decided request is counted once, under the class its
 * {@code X-Predictive-Decision} header names. Each test uses tenants and paths of its own
 * (the upstream is shared with other test classes; the listed tenants have series of
 * their own, so their counts are exact).
 */
@SpringBootTest(classes = TestGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "predictive.metrics.tenants=acme,cyberdyne" })
@AutoConfigureWebTestClient
@ActiveProfiles("filtertest")
@Import(DecisionMetersGatewayTests.Meters.class)
class DecisionMetersGatewayTests {

	@TestConfiguration(proxyBeanMethods = false)
	static class Meters {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@DynamicPropertySource
	static void upstream(DynamicPropertyRegistry registry) {
		registry.add("upstream.url", Upstream::url);
	}

	@Autowired
	private WebTestClient client;

	@Autowired
	private PreallocationCycle cycle;

	@Autowired
	private MeterRegistry registry;

	@BeforeEach
	void prepareTheCurrentStep() {
		this.cycle.tick();
	}

	private HttpStatus get(String path, String tenant) {
		WebTestClient.RequestHeadersSpec<?> request = this.client.get().uri(path);
		if (tenant != null) {
			request = request.header("X-Tenant-Id", tenant);
		}
		return HttpStatus.valueOf(request.exchange().returnResult(Void.class).getStatus().value());
	}

	private double decisions(String tenant, String resource, String decisionClass) {
		return this.registry.get(PredictiveMetricNames.DECISIONS)
			.tags(PredictiveMetricNames.TENANT, tenant, PredictiveMetricNames.RESOURCE, resource,
					PredictiveMetricNames.CLASS, decisionClass)
			.counter()
			.count();
	}

	@Test
	void eachTenantStageDecisionIsCountedUnderItsClass() {
		// acme: 3 units pre-allocated on db, then its standard bucket of 2, then nothing
		for (int i = 0; i < 6; i++) {
			get("/orders/decisions-" + i, "acme");
		}

		assertThat(decisions("acme", "db", "preallocated")).isEqualTo(3);
		assertThat(decisions("acme", "db", "standard")).isEqualTo(2);
		assertThat(decisions("acme", "db", "throttled")).isEqualTo(1);
	}

	@Test
	void aRequestTheGateTimesOutIsCountedAsTimedOutNotAsItsTenantStageClass() {
		// the frozen 'tiny' gate holds one unit: the second request waits its 200 ms and
		// is answered 503
		assertThat(get("/tiny/decisions-1", "cyberdyne")).isEqualTo(HttpStatus.OK);
		assertThat(get("/tiny/decisions-2", "cyberdyne")).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);

		assertThat(decisions("cyberdyne", "tiny", "standard")).isEqualTo(1);
		assertThat(decisions("cyberdyne", "tiny", "timed-out")).isEqualTo(1);
		assertThat(this.registry.get(PredictiveMetricNames.DECISIONS)
			.tags(PredictiveMetricNames.TENANT, "cyberdyne", PredictiveMetricNames.RESOURCE, "tiny",
					PredictiveMetricNames.OUTCOME, "rejected")
			.counters()
			.stream()
			.mapToDouble(c -> c.count())
			.sum()).isEqualTo(1);
	}

	@Test
	void aRequestWithoutATenantIsCountedAsRejectedKeyUnderOther() {
		double before = decisions(TenantTags.OTHER, "db", "rejected-key");

		assertThat(get("/orders/decisions", null)).isEqualTo(HttpStatus.FORBIDDEN);

		assertThat(decisions(TenantTags.OTHER, "db", "rejected-key")).isEqualTo(before + 1);
	}

	@Test
	void unlistedTenantsShareTheOtherSeries() {
		double before = decisions(TenantTags.OTHER, "requests", "standard");

		get("/shortcut/decisions", "unlisted-1");
		get("/shortcut/decisions", "unlisted-2");

		assertThat(decisions(TenantTags.OTHER, "requests", "standard")).isEqualTo(before + 2);
		assertThat(this.registry.find(PredictiveMetricNames.DECISIONS)
			.tag(PredictiveMetricNames.TENANT, "unlisted-1")
			.counters()).isEmpty();
	}

}
