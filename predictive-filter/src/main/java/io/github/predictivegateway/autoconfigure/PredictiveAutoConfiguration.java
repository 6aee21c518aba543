package io.github.predictivegateway.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import reactor.core.scheduler.Schedulers;

import io.github.predictivegateway.admission.AdmissionEngine;
import io.github.predictivegateway.admission.AdmissionEngineBuilder;
import io.github.predictivegateway.admission.RateLift;
import io.github.predictivegateway.autoconfigure.lifecycle.AdmissionQueueDrain;
import io.github.predictivegateway.autoconfigure.lifecycle.PeriodicTask;
import io.github.predictivegateway.filter.AdmissionStages;
import io.github.predictivegateway.filter.FilterDefaults;
import io.github.predictivegateway.filter.HeaderTenantResolver;
import io.github.predictivegateway.filter.PredictiveRateLimiterGatewayFilterFactory;
import io.github.predictivegateway.filter.StatusCodes;
import io.github.predictivegateway.filter.StoreFailover;
import io.github.predictivegateway.filter.TenantResolver;
import io.github.predictivegateway.filter.UpstreamDecisionHeadersFilter;
import io.github.predictivegateway.forecast.DeclaredForecastSource;
import io.github.predictivegateway.forecast.ForecastSource;
import io.github.predictivegateway.gate.AdmissionQueues;
import io.github.predictivegateway.gate.CapacityGates;
import io.github.predictivegateway.gate.LocalCapacityGate;
import io.github.predictivegateway.metrics.DecisionMeters;
import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.metrics.TenantTags;
import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.PlanCatalogs;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.AdjustmentMultipliers;
import io.github.predictivegateway.preallocation.InStepAdjustment;
import io.github.predictivegateway.preallocation.MaxMinFairLedger;
import io.github.predictivegateway.preallocation.PreallocationCycle;
import io.github.predictivegateway.preallocation.ReservationLedger;
import io.github.predictivegateway.preallocation.ShadowBucketFactory;
import io.github.predictivegateway.preallocation.ShadowBucketTable;
import io.github.predictivegateway.preallocation.SharedPool;
import io.github.predictivegateway.preallocation.Shortfalls;
import io.github.predictivegateway.standard.LocalStandardBuckets;
import io.github.predictivegateway.standard.StandardBuckets;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.time.TimeSource;
import io.github.predictivegateway.usage.UsageAggregator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.config.GatewayAutoConfiguration;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Sets up the {@code PredictiveRateLimiter} filter and its in-memory engine from
 * {@code predictive.*}. Every bean can be replaced by declaring one of the same type (a
 * custom {@link TenantResolver}, {@link ForecastSource}, {@link ReservationLedger},
 * {@link CapacityGates}, {@link AdmissionQueues} or {@link TimeSource}).
 */
@AutoConfiguration(after = GatewayAutoConfiguration.class)
@ConditionalOnClass(AbstractGatewayFilterFactory.class)
@ConditionalOnProperty(prefix = PredictiveProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties({ PredictiveProperties.class, PredictiveGateProperties.class,
		PredictiveQueueProperties.class, PredictiveMetricsProperties.class })
public class PredictiveAutoConfiguration {

	/** The bounded tenant tag of every predictive meter. */
	@Bean
	@ConditionalOnMissingBean
	TenantTags predictiveTenantTags(PredictiveMetricsProperties properties) {
		try {
			return TenantTags.of(properties.tenants());
		}
		catch (IllegalArgumentException ex) {
			throw new PredictiveConfigurationException(
					List.of(PredictiveMetricsProperties.PREFIX + ".tenants: " + ex.getMessage()));
		}
	}

	/**
	 * The {@code predictive.decisions} counter in the application's
	 * {@link MeterRegistry}; a no-op without one.
	 */
	@Bean
	@ConditionalOnMissingBean
	DecisionMeters predictiveDecisionMeters(ResourceTypes resources, TenantTags tenants,
			ObjectProvider<MeterRegistry> registry) {
		MeterRegistry meters = registry.getIfUnique();
		return (meters != null) ? DecisionMeters.register(resources, tenants, meters) : DecisionMeters.none();
	}

	@Bean
	@ConditionalOnMissingBean
	TimeSource predictiveTimeSource() {
		return TimeSource.system();
	}

	@Bean
	@ConditionalOnMissingBean
	ResourceTypes predictiveResourceTypes(PredictiveProperties properties) {
		return EngineSettings.resourceTypes(properties);
	}

	@Bean
	@ConditionalOnProperty(prefix = PredictiveProperties.PREFIX, name = "plans-file")
	PlansFile predictivePlansFile(PredictiveProperties properties, ResourceTypes resources) {
		return new PlansFile(Path.of(properties.plansFile()), properties, resources);
	}

	/**
	 * The plans at start: from the plans file when one is set, from predictive.plans
	 * otherwise.
	 */
	@Bean
	@ConditionalOnMissingBean
	PlanCatalog predictivePlanCatalog(PredictiveProperties properties, ResourceTypes resources,
			ObjectProvider<PlansFile> plansFile, Environment environment) {
		List<String> unbracketed = TenantKeys.unbracketed(environment);
		if (!unbracketed.isEmpty()) {
			throw new PredictiveConfigurationException(unbracketed);
		}
		PlansFile file = plansFile.getIfAvailable();
		return (file != null) ? file.initial() : EngineSettings.planCatalog(properties, resources);
	}

	/**
	 * The plans in force: the start-up catalog, replaced by valid changes of the plans
	 * file.
	 */
	@Bean
	@ConditionalOnMissingBean
	PlanCatalogs predictivePlanCatalogs(PlanCatalog plans, ObjectProvider<PlansFile> plansFile) {
		PlanCatalogs catalogs = new PlanCatalogs(plans);
		plansFile.ifAvailable(file -> file.watch(catalogs));
		return catalogs;
	}

	@Bean
	@ConditionalOnProperty(prefix = PredictiveProperties.PREFIX, name = "plans-file")
	PeriodicTask predictivePlansFileWatch(PlansFile plansFile, PlanCatalogs catalogs, PredictiveProperties properties) {
		Duration poll = properties.plansFilePoll();
		return new PeriodicTask("predictive-plans-file", poll, poll, plansFile::poll);
	}

	@Bean
	@ConditionalOnMissingBean
	Steps predictiveSteps(PredictiveProperties properties) {
		return new Steps(properties.step());
	}

	@Bean
	@ConditionalOnMissingBean
	StandardBuckets predictiveStandardBuckets(PlanCatalogs plans, TimeSource time, PredictiveProperties properties) {
		return new LocalStandardBuckets(plans, time, properties.maxTenants(), 1.0);
	}

	@Bean
	@ConditionalOnMissingBean
	ShadowBucketTable predictiveShadowBucketTable(Steps steps, ResourceTypes resources) {
		return new ShadowBucketTable(steps, resources.size());
	}

	@Bean
	@ConditionalOnMissingBean
	ReservationLedger predictiveReservationLedger() {
		return new MaxMinFairLedger();
	}

	@Bean
	@ConditionalOnMissingBean
	ForecastSource predictiveForecastSource(PredictiveProperties properties) {
		return new DeclaredForecastSource(EngineSettings.declaredPreallocations(properties));
	}

	@Bean
	@ConditionalOnMissingBean
	PreallocationCycle predictivePreallocationCycle(Steps steps, TimeSource time, PlanCatalogs plans,
			ForecastSource forecasts, ReservationLedger ledger, ShadowBucketTable table,
			PredictiveProperties properties, ObjectProvider<AdjustmentMultipliers> adjustment,
			ObjectProvider<ShadowBucketFactory> shadowBuckets, Shortfalls shortfalls,
			ObjectProvider<SharedPool> sharedPool, RateLift rateLift) {
		return builder(plans, steps, time, shadowBuckets, shortfalls, sharedPool, properties).shadowBucketTable(table)
			.forecasts(forecasts)
			.ledger(ledger)
			.reservableFraction(properties.reservableFraction())
			.lead(properties.preallocationLead())
			.adjustment(adjustment.getIfAvailable(AdjustmentMultipliers::none))
			.rateLift(rateLift)
			.cycle();
	}

	/**
	 * Lifts refused tenants' standard refill toward their plans' max-rate at each in-step
	 * window while capacity nobody reserved is idle: the standard buckets in memory only
	 * (in distributed mode it lifts nothing).
	 */
	@Bean
	@ConditionalOnMissingBean
	RateLift predictiveRateLift(PlanCatalogs plans, StandardBuckets buckets, Steps steps,
			PredictiveProperties properties) {
		return new RateLift(plans, buckets, steps, properties.reservableFraction());
	}

	/** Series lifted now, and lifts begun, per resource type. */
	@Bean
	MeterBinder predictiveRateLiftMeters(RateLift lift, ResourceTypes resources) {
		return registry -> {
			for (ResourceType resource : resources.all()) {
				Gauge.builder(PredictiveMetricNames.STANDARD_RATE_LIFTED, lift, l -> l.lifted(resource))
					.tag(PredictiveMetricNames.RESOURCE, resource.name())
					.register(registry);
				FunctionCounter.builder(PredictiveMetricNames.STANDARD_RATE_LIFTS, lift, l -> l.lifts(resource))
					.tag(PredictiveMetricNames.RESOURCE, resource.name())
					.register(registry);
			}
		};
	}

	/**
	 * What the cycle and the engine share: the shadow buckets' kind, the refusals the
	 * engine counts and the in-step adjustment reads, and the shared pool in distributed
	 * mode.
	 */
	private static AdmissionEngineBuilder builder(PlanCatalogs plans, Steps steps, TimeSource time,
			ObjectProvider<ShadowBucketFactory> shadowBuckets, Shortfalls shortfalls,
			ObjectProvider<SharedPool> sharedPool, PredictiveProperties properties) {
		AdmissionEngineBuilder builder = AdmissionEngineBuilder.of(plans, steps, time)
			.shadowBuckets(shadowBuckets.getIfAvailable(() -> ShadowBucketFactory.LOCAL))
			.shortfalls(shortfalls)
			.inStepWindow(properties.inStepWindow().isZero() ? null : properties.inStepWindow());
		sharedPool.ifAvailable(builder::sharedPool);
		return builder;
	}

	/**
	 * Top-ups and early releases within steps, per resource type (in distributed mode,
	 * this instance's: what it moved between the shared pool and the ledger; nothing when
	 * grants are not adjusted within their step).
	 */
	@Bean
	MeterBinder predictiveInStepMeters(PreallocationCycle cycle, ResourceTypes resources) {
		return registry -> {
			InStepAdjustment inStep = cycle.inStep();
			if (inStep == null) {
				return;
			}
			for (ResourceType resource : resources.all()) {
				FunctionCounter
					.builder(PredictiveMetricNames.PREALLOCATION_TOPPED_UP, inStep, i -> i.toppedUp(resource))
					.tag(PredictiveMetricNames.RESOURCE, resource.name())
					.baseUnit("units")
					.register(registry);
				FunctionCounter.builder(PredictiveMetricNames.PREALLOCATION_RELEASED, inStep, i -> i.released(resource))
					.tag(PredictiveMetricNames.RESOURCE, resource.name())
					.baseUnit("units")
					.register(registry);
			}
		};
	}

	/**
	 * The refusals the engine counts and the cycle's in-step adjustment reads (top-ups):
	 * one per gateway, at most one series per tenant within the tenant bound.
	 */
	@Bean
	@ConditionalOnMissingBean
	Shortfalls predictiveShortfalls(PredictiveProperties properties) {
		return Shortfalls.forTenants(properties.maxTenants());
	}

	/**
	 * Ticks at a twentieth of a step as it runs in real time (compressed time shortens
	 * it).
	 */
	@Bean
	PeriodicTask predictivePreallocationScheduler(PreallocationCycle cycle, PredictiveProperties properties) {
		Duration interval = PeriodicTask.twentiethOf(properties.realStep());
		// the first tick runs before the gateway takes traffic, so the current step's
		// grants are in place at once
		return new PeriodicTask("predictive-preallocation", interval, interval, cycle::tick).runningOnceOnStart();
	}

	@Bean
	@ConditionalOnMissingBean
	AdmissionEngine predictiveAdmissionEngine(PlanCatalogs plans, StandardBuckets buckets, ShadowBucketTable table,
			Steps steps, TimeSource time, ObjectProvider<ShadowBucketFactory> shadowBuckets, Shortfalls shortfalls,
			ObjectProvider<SharedPool> sharedPool, PredictiveProperties properties) {
		return builder(plans, steps, time, shadowBuckets, shortfalls, sharedPool, properties).standardBuckets(buckets)
			.shadowBucketTable(table)
			.engine();
	}

	@Bean
	@ConditionalOnMissingBean
	CapacityGates predictiveCapacityGates(PredictiveGateProperties gate, TimeSource time) {
		return CapacityGates.local(gate.burst(), time);
	}

	/**
	 * The second stage. Its timers run on Reactor's shared parallel scheduler; meters go
	 * to the application's {@link MeterRegistry}, or nowhere when there is none.
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = PredictiveProperties.PREFIX, name = "gate.enabled", matchIfMissing = true)
	AdmissionQueues predictiveAdmissionQueues(ResourceTypes resources, CapacityGates gates,
			PredictiveQueueProperties queue, ObjectProvider<MeterRegistry> registry) {
		checkGateCapacities(resources);
		return new AdmissionQueues(resources, gates, queue.toSettings(), Schedulers.parallel(),
				registry.getIfUnique(CompositeMeterRegistry::new));
	}

	/**
	 * Answers every request waiting in the admission queues when the application shuts
	 * down.
	 */
	@Bean
	@ConditionalOnProperty(prefix = PredictiveProperties.PREFIX, name = "gate.enabled", matchIfMissing = true)
	AdmissionQueueDrain predictiveAdmissionQueueDrain(AdmissionQueues queues, PredictiveQueueProperties queue) {
		return new AdmissionQueueDrain(queues, queue.drainTimeout());
	}

	/**
	 * Every capacity must be one a capacity gate can refill
	 * ({@link LocalCapacityGate#requireCapacity}).
	 */
	private static void checkGateCapacities(ResourceTypes resources) {
		List<String> problems = new ArrayList<>();
		for (ResourceType resource : resources.all()) {
			try {
				LocalCapacityGate.requireCapacity(resource.capacity());
			}
			catch (IllegalArgumentException ex) {
				problems.add(PredictiveProperties.PREFIX + ".capacity." + resource.name()
						+ ex.getMessage().substring("capacity".length()));
			}
		}
		if (!problems.isEmpty()) {
			throw new PredictiveConfigurationException(problems);
		}
	}

	@Bean
	@ConditionalOnMissingBean
	TenantResolver predictiveTenantResolver(PredictiveProperties properties) {
		return new HeaderTenantResolver(properties.tenantHeader());
	}

	@Bean
	@ConditionalOnMissingBean
	PredictiveRateLimiterGatewayFilterFactory predictiveRateLimiterGatewayFilterFactory(AdmissionEngine engine,
			ObjectProvider<AdmissionQueues> queues, ResourceTypes resources, TenantResolver tenantResolver,
			PredictiveProperties properties, ObjectProvider<UsageAggregator> usage,
			ObjectProvider<StoreFailover> failover, ObjectProvider<DecisionMeters> decisions) {
		FilterDefaults defaults = new FilterDefaults(tenantResolver, properties.denyEmptyTenant(),
				StatusCodes.parse(properties.emptyTenantStatus()), properties.anonymousTenant(),
				properties.includeHeaders(), properties.maxTenantLength(), properties.chunkedBodies());
		AdmissionStages stages = new AdmissionStages(engine, queues.getIfAvailable(), usage.getIfAvailable(),
				failover.getIfAvailable(), decisions.getIfAvailable(DecisionMeters::none));
		return new PredictiveRateLimiterGatewayFilterFactory(stages, resources, defaults);
	}

	/**
	 * The filter's decision headers are its own: an upstream's headers of the same names
	 * are dropped.
	 */
	@Bean
	@ConditionalOnMissingBean
	UpstreamDecisionHeadersFilter predictiveUpstreamDecisionHeadersFilter() {
		return new UpstreamDecisionHeadersFilter();
	}

	@Bean
	@ConditionalOnBean(GatewayProperties.class)
	static PredictiveRoutesCheck predictiveRoutesCheck(GatewayProperties gateway, ResourceTypes resources) {
		return new PredictiveRoutesCheck(gateway, resources);
	}

}
