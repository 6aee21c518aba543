package io.github.predictivegateway.autoconfigure.redis;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.autoconfigure.PredictiveAutoConfiguration;
import io.github.predictivegateway.filter.FailurePolicy;
import io.github.predictivegateway.filter.StoreFailover;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.preallocation.PreallocationCycle;
import io.github.predictivegateway.preallocation.ReservationLedger;
import io.github.predictivegateway.preallocation.SharedPool;
import io.github.predictivegateway.redis.RedisConnector;
import io.github.predictivegateway.redis.RedisKeys;
import io.github.predictivegateway.redis.RedisReservationLedger;
import io.github.predictivegateway.redis.RedisSharedPool;
import io.github.predictivegateway.redis.RedisStandardBuckets;
import io.github.predictivegateway.standard.LocalStandardBuckets;
import io.github.predictivegateway.standard.StandardBuckets;
import io.github.predictivegateway.test.RedisClusterTestServer;
import io.github.predictivegateway.test.RedisTestServer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Distributed mode's start-up: chosen by predictive.store, never waiting for Redis, bad
 * values refused.
 */
class PredictiveRedisAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				PredictiveRedisAutoConfiguration.class, PredictiveAutoConfiguration.class))
		.withUserConfiguration(GatewayRoutes.class)
		.withPropertyValues("predictive.capacity.db=500", "predictive.default-plan=free",
				"predictive.plans.free.db.rate=5", "predictive.plans.free.db.burst=10");

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(GatewayProperties.class)
	static class GatewayRoutes {

	}

	@Test
	void theLocalDefaultMakesNoRedisBeans() {
		this.runner.run(context -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(RedisConnector.class)
			.doesNotHaveBean(StoreFailover.class)
			.getBean(StandardBuckets.class)
			.isInstanceOf(LocalStandardBuckets.class));
	}

	@Test
	void redisModeStartsWithoutARedisAndPutsBucketsAndLedgerInIt() {
		this.runner
			.withPropertyValues("predictive.store=redis", "spring.data.redis.port=1",
					"predictive.redis.failure-policy=fail-closed", "predictive.redis.warm-up-timeout=200ms")
			.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(RedisWarmUpLifecycle.class).isWarm()).isFalse();
				assertThat(context.getBean(StandardBuckets.class)).isInstanceOf(RedisStandardBuckets.class);
				assertThat(context.getBean(ReservationLedger.class)).isInstanceOf(RedisReservationLedger.class);
				assertThat(context.getBean(StoreFailover.class).defaultPolicy()).isEqualTo(FailurePolicy.FAIL_CLOSED);
				assertThat(context.getBean(RedisConnector.class).isConnected()).isFalse();
			});
	}

	@Test
	void redisModeAdjustsGrantsWithinTheirStepThroughTheSharedPoolAndMetersIt() {
		this.runner
			.withPropertyValues("predictive.store=redis", "spring.data.redis.port=1",
					"predictive.redis.warm-up-timeout=200ms")
			.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(SharedPool.class)).isInstanceOf(RedisSharedPool.class);
				assertThat(context.getBean(PreallocationCycle.class).inStep()).isNotNull();
				SimpleMeterRegistry registry = new SimpleMeterRegistry();
				context.getBean("predictiveInStepMeters", MeterBinder.class).bindTo(registry);
				for (String name : List.of(PredictiveMetricNames.PREALLOCATION_TOPPED_UP,
						PredictiveMetricNames.PREALLOCATION_RELEASED)) {
					assertThat(registry.find(name).tag(PredictiveMetricNames.RESOURCE, "db").functionCounter()).as(name)
						.isNotNull();
				}
			});
	}

	@Test
	void redisModeIsWarmedUpBeforeTheContextHasStarted() {
		RedisTestServer redis = RedisTestServer.shared();
		String prefix = RedisTestServer.newPrefix();
		try {
			this.runner
				.withPropertyValues("predictive.store=redis", "spring.data.redis.host=" + redis.host(),
						"spring.data.redis.port=" + redis.port(), "predictive.redis.key-prefix=" + prefix)
				.run(context -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBean(RedisWarmUpLifecycle.class).isWarm()).isTrue();
					assertThat(context.getBean(RedisConnector.class).isConnected()).isTrue();
				});
		}
		finally {
			redis.deleteKeys(prefix);
		}
	}

	@Test
	void redisModeConnectsToTheRedisClusterOfSpringDataRedisClusterNodes() {
		RedisClusterTestServer cluster = RedisClusterTestServer.shared();
		String prefix = RedisTestServer.newPrefix();
		try {
			this.runner
				.withPropertyValues("predictive.store=redis", "predictive.redis.key-prefix=" + prefix,
						"predictive.redis.timeout=2s",
						"spring.data.redis.cluster.nodes="
								+ cluster.springProperties().get("spring.data.redis.cluster.nodes"))
				.run(context -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBean(RedisWarmUpLifecycle.class).isWarm())
						.as("warmed up on every master before the context started")
						.isTrue();
					assertThat(context.getBean(RedisConnector.class).isConnected()).isTrue();
					StandardBuckets buckets = context.getBean(StandardBuckets.class);
					ResourceType db = context.getBean(ResourceTypes.class).get("db");
					assertThat(buckets.tryConsume("acme", db, 4).get(5, TimeUnit.SECONDS).isConsumed()).isTrue();
					assertThat(cluster.command("EXISTS", new RedisKeys(prefix).standardBucket("acme", db)))
						.as("the bucket is in the cluster")
						.isEqualTo(":1");
				});
		}
		finally {
			cluster.deleteKeys(prefix);
		}
	}

	@Test
	void aNegativeWarmUpTimeoutStopsStartUp() {
		this.runner.withPropertyValues("predictive.store=redis", "predictive.redis.warm-up-timeout=-1s")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("warm-up-timeout"));
	}

	@Test
	void anUnknownStoreStopsStartUp() {
		this.runner.withPropertyValues("predictive.store=rdis")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("predictive.store is 'rdis'; it must be local or redis"));
	}

	@Test
	void anUnknownFailurePolicyStopsStartUp() {
		this.runner.withPropertyValues("predictive.store=redis", "predictive.redis.failure-policy=open")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("predictive.redis.failure-policy: failure policy 'open' is not one of "
						+ "fail-open, fail-closed"));
	}

}
