package io.github.predictivegateway.autoconfigure;

import java.time.Duration;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.admission.RateLift;
import io.github.predictivegateway.filter.PredictiveRateLimiterGatewayFilterFactory;
import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.PlanCatalogs;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.gate.AdmissionQueues;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up with good and bad configuration: a bad value must stop the application with a
 * message that names the property (or route) and what is allowed.
 */
class PredictiveAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PredictiveAutoConfiguration.class))
		.withUserConfiguration(GatewayRoutes.class)
		.withPropertyValues("predictive.capacity.db=500", "predictive.default-plan=free",
				"predictive.plans.free.db.rate=5", "predictive.plans.free.db.burst=10",
				"predictive.plans.gold.db.rate=50", "predictive.plans.gold.db.burst=100",
				"predictive.tenants.acme.plan=gold");

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(GatewayProperties.class)
	static class GatewayRoutes {

	}

	private String failure(String... properties) {
		String[] message = new String[1];
		this.runner.withPropertyValues(properties).run(context -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			StringBuilder all = new StringBuilder();
			for (Throwable t = failure; t != null; t = t.getCause()) {
				all.append(t.getMessage()).append('\n');
			}
			message[0] = all.toString();
		});
		return message[0];
	}

	@Test
	void aValidConfigurationRegistersTheFilter() {
		this.runner.run(context -> assertThat(context).hasNotFailed()
			.hasSingleBean(PredictiveRateLimiterGatewayFilterFactory.class));
	}

	@Test
	void aNegativeRateStopsStartUpNamingTheProperty() {
		assertThat(failure("predictive.plans.free.db.rate=-1"))
			.contains("predictive.plans.free.db.rate is -1.0; it must be set to a positive number");
	}

	@Test
	void aBurstBelowTheRateStopsStartUp() {
		assertThat(failure("predictive.plans.gold.db.burst=20"))
			.contains("predictive.plans.gold.db.burst is 20, below its rate 50.0");
	}

	@Test
	void aMaxRateBelowTheRateStopsStartUpNamingThePlanAndResource() {
		assertThat(failure("predictive.plans.gold.db.max-rate=20"))
			.contains("predictive.plans.gold.db.max-rate is 20.0, below its rate 50.0; "
					+ "the max-rate must be at least the rate (leave it unset for no lift)");
	}

	@Test
	void aPlansMaxRateIsBoundAndTheLiftIsSetUpWithItsMeters() {
		this.runner.withPropertyValues("predictive.plans.gold.db.max-rate=200").run(context -> {
			ResourceType db = context.getBean(ResourceTypes.class).get("db");
			assertThat(context.getBean(PlanCatalogs.class).get().limitFor("acme", db).maxRate()).isEqualTo(200.0);
			assertThat(context).hasSingleBean(RateLift.class);
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean("predictiveRateLiftMeters", MeterBinder.class).bindTo(registry);
			assertThat(registry.get("predictive.standard.rate.lifted").tag("resource", "db").gauge().value()).isZero();
			assertThat(registry.get("predictive.standard.rate.lifts").tag("resource", "db").functionCounter().count())
				.isZero();
		});
	}

	@Test
	void anUnknownPlanStopsStartUpListingTheDefinedOnes() {
		assertThat(failure("predictive.tenants.acme.plan=platinum"))
			.contains("predictive.tenants.acme.plan is 'platinum', which is not defined under predictive.plans; "
					+ "defined plans: [free, gold]");
	}

	@Test
	void aTenantIdBeyondAsciiWrittenWithoutBracketsStopsStartUpNamingIt() {
		assertThat(failure("predictive.tenants.café.plan=gold"))
			.contains("predictive.tenants.café: a tenant id beyond ASCII must be written in brackets, \"[café]\"");
	}

	@Test
	void aTenantIdBeyondAsciiInBracketsHasItsPlan() {
		this.runner.withPropertyValues("predictive.tenants[café].plan=gold")
			.run(context -> assertThat(context.getBean(PlanCatalog.class).planFor("café").name()).isEqualTo("gold"));
	}

	@Test
	void anUndefinedDefaultPlanStopsStartUp() {
		assertThat(failure("predictive.default-plan=basic")).contains("predictive.default-plan is 'basic'");
	}

	@Test
	void aPlanOnAnUndeclaredResourceTypeStopsStartUp() {
		assertThat(failure("predictive.plans.gold.gpu.rate=1", "predictive.plans.gold.gpu.burst=1"))
			.contains("predictive.plans.gold.gpu names resource type 'gpu', which is not declared in "
					+ "predictive.capacity; declared: [db]");
	}

	@Test
	void aReservableFractionAboveOneStopsStartUp() {
		assertThat(failure("predictive.reservable-fraction=1.5")).contains("reservableFraction");
	}

	@Test
	void aMaxTenantLengthBeyondTheForecastersLimitStopsStartUp() {
		assertThat(failure("predictive.max-tenant-length=300")).contains("maxTenantLength").contains("256");
	}

	@Test
	void theSecondStageIsSetUpWithTheQueueSettings() {
		this.runner.withPropertyValues("predictive.queue.max-length=7", "predictive.queue.max-wait.standard=250ms")
			.run(context -> {
				assertThat(context).hasNotFailed().hasSingleBean(AdmissionQueues.class);
				PredictiveQueueProperties queue = context.getBean(PredictiveQueueProperties.class);
				assertThat(queue.maxLength()).isEqualTo(7);
				assertThat(queue.maxWait().standard()).isEqualTo(Duration.ofMillis(250));
				assertThat(queue.maxWait().preallocated()).isEqualTo(Duration.ofSeconds(3));
				assertThat(context.getBean(PredictiveGateProperties.class).burst()).isEqualTo(Duration.ofMillis(100));
			});
	}

	@Test
	void theGateCanBeSwitchedOff() {
		this.runner.withPropertyValues("predictive.gate.enabled=false")
			.run(context -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(AdmissionQueues.class)
				.hasSingleBean(PredictiveRateLimiterGatewayFilterFactory.class));
	}

	@Test
	void aNegativeMaximumWaitStopsStartUpNamingTheProperty() {
		assertThat(failure("predictive.queue.max-wait.preallocated=-1s"))
			.contains("predictive.queue.max-wait.preallocated is PT-1S; it must be from 0 (never wait) to 300s");
	}

	@Test
	void aMaximumWaitOverFiveMinutesStopsStartUp() {
		assertThat(failure("predictive.queue.max-wait.standard=10m"))
			.contains("predictive.queue.max-wait.standard is PT10M; it must be from 0 (never wait) to 300s");
	}

	@Test
	void aNegativeQueueLengthStopsStartUp() {
		assertThat(failure("predictive.queue.max-length=-1")).contains("queue.maxLength");
	}

	@Test
	void aCapacityAboveWhatTheGateCanRefillStopsStartUp() {
		assertThat(failure("predictive.capacity.db=2e9")).contains(
				"predictive.capacity.db is 2.0E9; the capacity " + "gate refills at most 1000000000 units per second");
	}

	@Test
	void aGateBurstBelowOneMillisecondStopsStartUp() {
		assertThat(failure("predictive.gate.burst=0s"))
			.contains("predictive.gate.burst is PT0S; it must be from 1ms to 60s");
	}

	@Test
	void anUnknownResourceInARouteStopsStartUpNamingTheRoute() {
		assertThat(failure("spring.cloud.gateway.server.webflux.routes[0].id=orders",
				"spring.cloud.gateway.server.webflux.routes[0].uri=http://127.0.0.1:9000",
				"spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/orders/**",
				"spring.cloud.gateway.server.webflux.routes[0].filters[0].name=PredictiveRateLimiter",
				"spring.cloud.gateway.server.webflux.routes[0].filters[0].args.resource=dbx"))
			.contains("spring.cloud.gateway.server.webflux.routes[0].filters[0] (route 'orders'): resource 'dbx' "
					+ "is not a declared resource type; declared (predictive.capacity): [db]");
	}

	@Test
	void aBadCostInAShortcutRouteStopsStartUp() {
		assertThat(failure("spring.cloud.gateway.server.webflux.routes[0].id=orders",
				"spring.cloud.gateway.server.webflux.routes[0].uri=http://127.0.0.1:9000",
				"spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/orders/**",
				"spring.cloud.gateway.server.webflux.routes[0].filters[0]=PredictiveRateLimiter=db, -3"))
			.contains("cost '-3' is not allowed");
	}

	@Test
	void theFailureAnalyzerPrintsEveryProblemAndWhatToDo() {
		var analysis = new PredictiveConfigurationFailureAnalyzer()
			.analyze(new PredictiveConfigurationException(java.util.List.of("first problem", "second problem")));

		assertThat(analysis.getDescription()).contains("  - first problem").contains("  - second problem");
		assertThat(analysis.getAction()).contains("README");
	}

}
