package io.github.predictivegateway.autoconfigure.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import io.github.predictivegateway.autoconfigure.PredictiveAutoConfiguration;
import io.github.predictivegateway.autoconfigure.PredictiveConfigurationException;
import io.github.predictivegateway.autoconfigure.PredictiveGateProperties;
import io.github.predictivegateway.autoconfigure.PredictiveProperties;
import io.github.predictivegateway.autoconfigure.loop.PredictiveForecastAutoConfiguration;
import io.github.predictivegateway.autoconfigure.lifecycle.PeriodicTask;
import io.github.predictivegateway.autoconfigure.loop.UsageSinkChoice;
import io.github.predictivegateway.filter.FailurePolicy;
import io.github.predictivegateway.filter.StoreFailover;
import io.github.predictivegateway.gate.CapacityGates;
import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.plan.PlanCatalogs;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.MaxMinFairLedger;
import io.github.predictivegateway.preallocation.ReservationLedger;
import io.github.predictivegateway.preallocation.SharedPool;
import io.github.predictivegateway.redis.LeaseSettings;
import io.github.predictivegateway.redis.RedisCapacityGate;
import io.github.predictivegateway.redis.RedisClusterUsage;
import io.github.predictivegateway.redis.RedisConnector;
import io.github.predictivegateway.redis.RedisGuard;
import io.github.predictivegateway.redis.RedisKeys;
import io.github.predictivegateway.redis.RedisLeases;
import io.github.predictivegateway.redis.RedisReservationLedger;
import io.github.predictivegateway.redis.RedisSharedPool;
import io.github.predictivegateway.redis.RedisStandardBuckets;
import io.github.predictivegateway.redis.RedisUsageSink;
import io.github.predictivegateway.redis.RedisWarmUp;
import io.github.predictivegateway.standard.LocalStandardBuckets;
import io.github.predictivegateway.standard.StandardBuckets;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.time.TimeSource;
import io.github.predictivegateway.usage.ClusterUsage;
import io.github.predictivegateway.usage.UsageSink;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Distributed mode, {@code predictive.store=redis}: the standard buckets (and, with them,
 * the failure policy of every route) and the reservation ledger, leased to instances in
 * chunks, move to Redis, reached through Boot's {@code spring.data.redis.*} connection
 * details (a single server or a Redis Cluster). Runs before
 * {@link PredictiveAutoConfiguration}, whose in-memory beans then step aside. Needs
 * Lettuce, {@code bucket4j_jdk17-lettuce} and {@code resilience4j-circuitbreaker} on the
 * class path.
 */
@AutoConfiguration(before = { PredictiveAutoConfiguration.class, PredictiveForecastAutoConfiguration.class },
		after = DataRedisAutoConfiguration.class)
@ConditionalOnClass({ AbstractGatewayFilterFactory.class, RedisClient.class, LettuceBasedProxyManager.class,
		CircuitBreaker.class, DataRedisConnectionDetails.class })
@ConditionalOnProperty(prefix = PredictiveProperties.PREFIX, name = "store", havingValue = "redis")
@EnableConfigurationProperties({ PredictiveProperties.class, PredictiveRedisProperties.class,
		PredictiveGateProperties.class })
public class PredictiveRedisAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RedisConnector predictiveRedisConnector(ObjectProvider<DataRedisConnectionDetails> details,
			PredictiveRedisProperties redis, ObjectProvider<MeterRegistry> registry) {
		DataRedisConnectionDetails connection = details.getIfAvailable(() -> new DataRedisConnectionDetails() {
		});
		List<RedisURI> uris = new ArrayList<>();
		boolean cluster = connection.getCluster() != null;
		if (cluster) {
			connection.getCluster().getNodes().forEach(node -> uris.add(uri(node.host(), node.port(), 0, connection)));
		}
		else {
			DataRedisConnectionDetails.Standalone standalone = connection.getStandalone();
			String host = (standalone != null) ? standalone.getHost() : "localhost";
			int port = (standalone != null) ? standalone.getPort() : 6379;
			int database = (standalone != null) ? standalone.getDatabase() : 0;
			uris.add(uri(host, port, database, connection));
		}
		RedisConnector connector = new RedisConnector(uris, cluster, redis.timeout());
		Gauge.builder(PredictiveMetricNames.REDIS_CONNECTED, connector, c -> c.isConnected() ? 1 : 0)
			.register(meters(registry));
		connector.connectInBackground();
		return connector;
	}

	@Bean
	@ConditionalOnMissingBean
	RedisGuard predictiveRedisGuard(PredictiveRedisProperties redis, ObjectProvider<MeterRegistry> registry) {
		if (redis.timeout().isNegative() || redis.timeout().isZero()) {
			throw new PredictiveConfigurationException(
					List.of("predictive.redis.timeout is " + redis.timeout() + "; it must be a positive duration"));
		}
		return new RedisGuard(redis.timeout(), redis.circuitOpenFor(), redis.circuitWindow(),
				Math.min(redis.circuitMinCalls(), redis.circuitWindow()), meters(registry));
	}

	/**
	 * Trial calls while the circuit is not closed, so that it recovers with no request on
	 * the standard path.
	 */
	@Bean
	PeriodicTask predictiveRedisProbe(RedisGuard guard, RedisConnector connector) {
		return new PeriodicTask("predictive-redis-probe", guard.probeInterval(), guard.probeInterval(),
				() -> guard.probe(() -> connector.commands().ping().toCompletableFuture()));
	}

	@Bean
	@ConditionalOnMissingBean
	RedisKeys predictiveRedisKeys(PredictiveRedisProperties redis) {
		return new RedisKeys(redis.keyPrefix());
	}

	@Bean
	@ConditionalOnMissingBean
	StandardBuckets predictiveRedisStandardBuckets(RedisConnector connector, RedisKeys keys, PlanCatalogs plans,
			TimeSource time, RedisGuard guard, PredictiveProperties properties, PredictiveRedisProperties redis) {
		return new RedisStandardBuckets(connector, keys, plans, time, guard, properties.maxTenants(),
				redis.unsynchronizedShare(), redis.expectedInstances(), redis.unsynchronizedFor());
	}

	@Bean
	@ConditionalOnMissingBean
	RedisLeases predictiveRedisLeases(RedisConnector connector, RedisKeys keys, RedisGuard guard, Steps steps,
			TimeSource time, PredictiveRedisProperties redis, ObjectProvider<MeterRegistry> registry) {
		return new RedisLeases(connector, keys, guard, steps, time,
				new LeaseSettings(redis.expectedInstances(), redis.leaseHorizon()), meters(registry));
	}

	/**
	 * Redis warmed up before the instance reports ready (see
	 * {@link RedisWarmUpLifecycle}): every master connected, every script loaded, and one
	 * decision of the shared standard buckets made.
	 */
	@Bean
	@ConditionalOnMissingBean
	RedisWarmUpLifecycle predictiveRedisWarmUp(RedisConnector connector, ObjectProvider<StandardBuckets> buckets,
			PredictiveRedisProperties redis) {
		List<Supplier<CompletableFuture<?>>> roundTrips = new ArrayList<>();
		if (buckets.getIfUnique() instanceof RedisStandardBuckets shared) {
			roundTrips.add(shared::warmUp);
		}
		return new RedisWarmUpLifecycle(new RedisWarmUp(connector, RedisWarmUp.scripts(), roundTrips),
				redis.warmUpTimeout());
	}

	/**
	 * Grants decided as locally (max-min fair), written once per step to Redis for all
	 * instances to lease.
	 */
	@Bean
	@ConditionalOnMissingBean
	ReservationLedger predictiveRedisReservationLedger(RedisLeases leases) {
		return new RedisReservationLedger(new MaxMinFairLedger(), leases);
	}

	/**
	 * The shared ledger's pool, through which every instance's in-step adjustment tops up
	 * its leases and releases idle grants.
	 */
	@Bean
	@ConditionalOnMissingBean
	SharedPool predictiveRedisSharedPool(RedisConnector connector, RedisLeases leases) {
		return new RedisSharedPool(connector, leases);
	}

	/**
	 * One capacity pool per resource type for the whole cluster, leased to instances in
	 * chunks.
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = PredictiveRedisProperties.PREFIX, name = "shared-gate", matchIfMissing = true)
	CapacityGates predictiveRedisCapacityGates(RedisConnector connector, RedisKeys keys, TimeSource time,
			RedisGuard guard, PredictiveRedisProperties redis, PredictiveGateProperties gate) {
		return resource -> new RedisCapacityGate(connector, keys, resource, gate.burst(), redis.expectedInstances(),
				redis.leaseHorizon(), time, guard);
	}

	/**
	 * Every instance's usage of each step, added up in Redis, so that the adjustment,
	 * bursts and step observations learn from the cluster's demand, which is what the
	 * forecasts cover.
	 */
	@Bean
	@ConditionalOnMissingBean
	ClusterUsage predictiveRedisClusterUsage(RedisConnector connector, RedisKeys keys, RedisGuard guard, Steps steps) {
		return new RedisClusterUsage(connector, keys, guard, steps);
	}

	/**
	 * Usage records to the Redis usage stream (see {@link UsageSinkChoice}); registered
	 * before the sidecar's HTTP sink, which then steps aside.
	 */
	@Bean
	@ConditionalOnMissingBean(UsageSink.class)
	@Conditional(UsageSinkChoice.OnRedis.class)
	UsageSink predictiveRedisUsageSink(RedisConnector connector, RedisKeys keys, RedisGuard guard,
			PredictiveRedisProperties redis) {
		return new RedisUsageSink(connector, keys, guard, redis.usageStreamMaxEntries());
	}

	@Bean
	@ConditionalOnMissingBean
	StoreFailover predictiveStoreFailover(PredictiveProperties properties, PlanCatalogs plans, TimeSource time,
			ResourceTypes resources, RedisGuard guard, PredictiveRedisProperties redis,
			ObjectProvider<MeterRegistry> registry) {
		FailurePolicy policy;
		try {
			policy = FailurePolicy.parse(redis.failurePolicy());
		}
		catch (IllegalArgumentException ex) {
			throw new PredictiveConfigurationException(List.of("predictive.redis.failure-policy is '"
					+ redis.failurePolicy() + "'; it must be fail-open or fail-closed"));
		}
		StandardBuckets fallback = new LocalStandardBuckets(plans, time, properties.maxTenants(),
				1.0 / redis.expectedInstances());
		return new StoreFailover(policy, fallback, guard.retryAfterSeconds(), resources, meters(registry));
	}

	private static RedisURI uri(String host, int port, int database, DataRedisConnectionDetails connection) {
		RedisURI.Builder uri = RedisURI.builder().withHost(host).withPort(port).withDatabase(database);
		if (connection.getPassword() != null) {
			if (connection.getUsername() != null) {
				uri.withAuthentication(connection.getUsername(), connection.getPassword());
			}
			else {
				uri.withPassword(connection.getPassword().toCharArray());
			}
		}
		if (connection.getSslBundle() != null) {
			uri.withSsl(true);
		}
		return uri.build();
	}

	private static MeterRegistry meters(ObjectProvider<MeterRegistry> registry) {
		return registry.getIfUnique(CompositeMeterRegistry::new);
	}

}
