package io.github.predictivegateway.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.test.GatewayBurst;
import io.github.predictivegateway.test.GatewayInstance;
import io.github.predictivegateway.test.RedisClusterTestServer;
import io.github.predictivegateway.test.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway instances on a three-master Redis Cluster, configured only through Boot's
 * {@code spring.data.redis.cluster.nodes}, on the real clock: three tenants on
 * {@code rate: 10, burst: 10} whose standard buckets hash to the three different masters,
 * one burst of 40 requests at once each, spread over both instances. Each tenant's one
 * shared bucket holds across the instances and the cluster: at most {@code 10 + 10 × t}
 * admitted in the {@code t} seconds its burst took (a burst longer than
 * {@value #WINDOW_SECONDS} s makes the run invalid), no decision falls back to an
 * instance's local bucket, and the buckets are in the cluster, one on each master.
 */
class RedisClusterGatewayTests {

	private static final int REQUESTS = 40;

	/**
	 * The longest a tenant's burst (40 requests at once) may take for its bound to be
	 * checked: a longer one makes the run invalid. Within it the bound, at most 30, is
	 * below the 40 requests sent.
	 */
	private static final double WINDOW_SECONDS = 2.0;

	@Test
	void twoInstancesOnARedisClusterEnforceOneLimitPerTenantWhereverItsKeyLives() {
		RedisClusterTestServer cluster = RedisClusterTestServer.shared();
		String prefix = RedisTestServer.newPrefix();
		RedisKeys keys = new RedisKeys(prefix);
		List<String> tenants = onEachMaster(cluster, keys);
		Map<String, Object> properties = new HashMap<>(cluster.springProperties());
		properties.put("predictive.store", "redis");
		properties.put("predictive.redis.key-prefix", prefix);
		// generous: this test is about the shared limit, not timing (cold start has its
		// own test)
		properties.put("predictive.redis.timeout", "2s");
		List<GatewayBurst> bursts;
		long fallbacks;
		List<Integer> perMaster;
		List<String> bucketsExist = new ArrayList<>();
		try (GatewayInstance a = new GatewayInstance(properties); GatewayInstance b = new GatewayInstance(properties)) {
			List<GatewayInstance> both = List.of(a, b);
			warmUp(both);
			long fallbacksBefore = GatewayBurst.fallbacks(both);
			bursts = new ArrayList<>();
			for (String tenant : tenants) {
				bursts.add(GatewayBurst.send(both, tenant, REQUESTS, Duration.ZERO));
			}
			fallbacks = GatewayBurst.fallbacks(both) - fallbacksBefore;
			for (String tenant : tenants) {
				bucketsExist.add(cluster.command("EXISTS", bucketKey(keys, tenant)));
			}
			perMaster = cluster.keysPerMaster(prefix + "{t:tenant-");
		}
		finally {
			cluster.deleteKeys(prefix);
		}
		for (int i = 0; i < tenants.size(); i++) {
			GatewayBurst burst = bursts.get(i);
			System.out.printf("cluster, two instances, tenant on master %d: admitted %d of %d in %.3f s (bound %d)%n",
					i, burst.admitted(), REQUESTS, burst.seconds(), burst.bound(10, 10));
		}
		System.out.printf("cluster: %d fallback decisions; tenants' bucket keys per master %s%n", fallbacks, perMaster);
		assertThat(fallbacks).as("decisions that fell back to an instance's local bucket").isZero();
		assertThat(bucketsExist).as("each tenant's shared bucket is in the cluster").containsOnly(":1");
		assertThat(perMaster).as("one tenant's bucket on each master").containsExactly(1, 1, 1);
		assertThat(bursts).allSatisfy(burst -> {
			assertThat(burst.seconds()).as("the burst took at most its window; a longer one makes the run invalid")
				.isLessThanOrEqualTo(WINDOW_SECONDS);
			assertThat(burst.admitted() + burst.throttled()).isEqualTo(REQUESTS);
			assertThat(burst.admitted()).isGreaterThanOrEqualTo(10).isLessThanOrEqualTo(burst.bound(10, 10));
		});
	}

	/**
	 * Connections open and code paths loaded on both instances, so that the bursts
	 * measured are not the first (cold start is the warm-up's concern): requests of a
	 * tenant of no burst until both instances decide them on the shared bucket, then one
	 * unmeasured burst like the measured ones.
	 */
	private static void warmUp(List<GatewayInstance> instances) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!instances.stream()
			.allMatch(instance -> "standard".equals(instance.get("/r/warm", "warm-up").decision()))) {
			assertThat(System.nanoTime()).as("both instances decide on the cluster within 20 s").isLessThan(deadline);
			RedisTestServer.sleep(50);
		}
		GatewayBurst.send(instances, "warm-up-burst", REQUESTS, Duration.ZERO);
	}

	private static String bucketKey(RedisKeys keys, String tenant) {
		return keys.standardBucket(tenant,
				new io.github.predictivegateway.plan.ResourceTypes(Map.of("requests", 1.0)).get("requests"));
	}

	/**
	 * Three tenants whose standard buckets hash to slots of the three masters
	 * ({@code redis-cli --cluster create} gives the masters, in the order named, slots
	 * 0–5460, 5461–10922 and 10923–16383), asking the cluster for each key's slot.
	 */
	private static List<String> onEachMaster(RedisClusterTestServer cluster, RedisKeys keys) {
		String[] found = new String[3];
		for (int i = 0; found[0] == null || found[1] == null || found[2] == null; i++) {
			String tenant = "tenant-" + i + "-" + UUID.randomUUID().toString().substring(0, 4);
			int slot = Integer.parseInt(cluster.command("CLUSTER", "KEYSLOT", bucketKey(keys, tenant)).substring(1));
			int master = (slot <= 5460) ? 0 : (slot <= 10922) ? 1 : 2;
			if (found[master] == null) {
				found[master] = tenant;
			}
		}
		return List.of(found);
	}

}
