package io.github.predictivegateway.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.preallocation.MaxMinFairLedger;
import io.github.predictivegateway.preallocation.ReservationRequest;
import io.github.predictivegateway.preallocation.ShadowBucket;
import io.github.predictivegateway.preallocation.SharedPool;
import io.github.predictivegateway.preallocation.StepGrants;

/**
 * The pool of distributed mode's shared ledger ({@link RedisLeases}): a field of the
 * step's ledger hash per resource type, {@code ⌊reservable-fraction × capacity × step⌋ −
 * Σ grants}, staged with the grants by the instance that installs them. Each instance's
 * in-step adjustment tops its leases up from it and releases idle grants to it, each
 * change one atomic Lua script ({@link PoolScripts}), so:
 * <ul>
 * <li>a unit of the pool is moved into exactly one instance's lease, never taken from
 * another tenant's field;</li>
 * <li>an ask is first reduced by the instance's share of its tenant's grant not yet
 * leased, {@code ⌊field / expected-instances⌋}, which its leases bring in chunks: the
 * instance's lease holds a chunk, not its share of the grant, and a tenant spending its
 * grant at its pace takes nothing from the pool;</li>
 * <li>a tenant's top-ups are counted in the hash, so a plan's max-preallocation bounds
 * its installed grant plus every instance's top-ups ({@code cap = max-preallocation −
 * installed grant}, checked in the script);</li>
 * <li>a release keeps at most a tenant's pace in its field and moves the rest: instances
 * releasing in the same window move each unit once.</li>
 * </ul>
 * The asks of one call are this instance's, one per tenant: when the pool holds them all
 * they move at once; otherwise nothing moves and the pool as the script saw it is shared
 * among them by weighted max-min fairness ({@link MaxMinFairLedger}), and asked for once
 * more (if other instances took from the pool in between, this window's top-up is given
 * up; the next window asks again).
 *
 * <p>
 * Calls are {@link RedisGuard#background background} calls, made by the cycle's tick, off
 * the request path, at most {@value LedgerInstall#CHUNK} tenants per call. A top-up
 * answered after the guard's timeout is still credited to the lease when it comes (the
 * script ran), as a lease is; a call whose outcome is unknown (connection lost mid-call)
 * can leave its units in neither the pool nor a lease until the step ends, an
 * under-admission as a lost lease is. A release changes nothing in this instance, so a
 * failed one loses nothing.
 */
public final class RedisSharedPool implements SharedPool {

	private final PoolScripts scripts;

	private final RedisLeases leases;

	private final MaxMinFairLedger fair = new MaxMinFairLedger();

	public RedisSharedPool(RedisConnector connector, RedisLeases leases) {
		this(new RedisLedgerScripts(connector), leases);
	}

	RedisSharedPool(PoolScripts scripts, RedisLeases leases) {
		this.scripts = scripts;
		this.leases = leases;
	}

	@Override
	public int instances() {
		return this.leases.expectedInstances();
	}

	@Override
	public CompletableFuture<Long> topUp(StepGrants grants, ResourceType resource, List<Ask> asks) {
		return inChunks(asks, chunk -> move(grants, resource, chunk, true));
	}

	@Override
	public CompletableFuture<Long> release(StepGrants grants, ResourceType resource, List<String> tenants,
			double paceShare) {
		String key = this.leases.keys().ledger(resource, grants.step());
		return inChunks(tenants, chunk -> {
			List<byte[]> pairs = new ArrayList<>(2 * chunk.size());
			for (String tenant : chunk) {
				if (grants.shadowBucket(tenant, resource) instanceof LeasedShadowBucket leased) {
					pairs.add(text(RedisKeys.field(tenant)));
					pairs.add(RedisLedgerScripts.bytes(leased.installed()));
				}
			}
			if (pairs.isEmpty()) {
				return CompletableFuture.completedFuture(0L);
			}
			return this.leases.guard()
				.background(() -> this.scripts.release(key, paceShare, pairs))
				.exceptionally(ex -> 0L);
		});
	}

	/**
	 * Asks the pool for {@code asks}; if it is short, shares what it held among them and
	 * asks once more ({@code share}).
	 */
	private CompletableFuture<Long> move(StepGrants grants, ResourceType resource, List<Ask> asks, boolean share) {
		String key = this.leases.keys().ledger(resource, grants.step());
		List<byte[]> triples = new ArrayList<>(3 * asks.size());
		for (Ask ask : asks) {
			ShadowBucket bucket = grants.shadowBucket(ask.tenant(), resource);
			long installed = (bucket instanceof LeasedShadowBucket leased) ? leased.installed() : 0;
			long cap = (ask.maxPreallocation() == ResourceLimit.NO_PREALLOCATION_CAP) ? -1
					: Math.max(0, ask.maxPreallocation() - installed);
			triples.add(text(RedisKeys.field(ask.tenant())));
			triples.add(RedisLedgerScripts.bytes(ask.units()));
			triples.add(RedisLedgerScripts.bytes(cap));
		}
		return this.leases.guard()
			// credited inside the call's own future: an answer after the timeout still
			// reaches the leases
			.<List<Long>>background(() -> this.scripts.topUp(key, instances(), triples).thenApply(answer -> {
				if (answer.get(0) == 1L) {
					credit(grants, resource, asks, answer);
				}
				return answer;
			}))
			.thenCompose(answer -> {
				if (answer.get(0) == 1L) {
					return CompletableFuture.completedFuture(sum(answer));
				}
				if (!share || answer.size() < 2 + asks.size() || answer.get(1) <= 0) {
					return CompletableFuture.completedFuture(0L);
				}
				List<Ask> fair = fairShares(grants.step(), resource, asks, answer);
				return fair.isEmpty() ? CompletableFuture.completedFuture(0L) : move(grants, resource, fair, false);
			})
			.exceptionally(ex -> 0L);
	}

	/**
	 * The asks as the script cut them, shared by weighted max-min fairness within the
	 * pool it saw.
	 */
	private List<Ask> fairShares(long step, ResourceType resource, List<Ask> asks, List<Long> answer) {
		List<ReservationRequest> requests = new ArrayList<>(asks.size());
		for (int i = 0; i < asks.size(); i++) {
			requests.add(new ReservationRequest(asks.get(i).tenant(), answer.get(2 + i), asks.get(i).weight()));
		}
		Map<String, Long> shares = this.fair.grant(step, resource, requests, answer.get(1));
		List<Ask> fair = new ArrayList<>(asks.size());
		for (Ask ask : asks) {
			long units = shares.getOrDefault(ask.tenant(), 0L);
			if (units > 0) {
				fair.add(new Ask(ask.tenant(), units, ask.weight(), ask.maxPreallocation()));
			}
		}
		return fair;
	}

	/**
	 * Puts what moved into this instance's leases, one made for a tenant that has none
	 * this step.
	 */
	private void credit(StepGrants grants, ResourceType resource, List<Ask> asks, List<Long> answer) {
		for (int i = 0; i < asks.size(); i++) {
			long units = answer.get(2 + i);
			if (units <= 0) {
				continue;
			}
			String tenant = asks.get(i).tenant();
			ShadowBucket bucket = grants.shadowBucket(tenant, resource);
			if (bucket == null) {
				bucket = grants.add(tenant, resource, this.leases.createForTopUps(grants.step(), tenant, resource));
			}
			if (bucket instanceof LeasedShadowBucket leased) { // every one, in
																// distributed mode
				leased.topUp(units);
			}
		}
	}

	private static long sum(List<Long> answer) {
		long total = 0;
		for (int i = 2; i < answer.size(); i++) {
			total += answer.get(i);
		}
		return total;
	}

	private static <T> CompletableFuture<Long> inChunks(List<T> items,
			Function<List<T>, CompletableFuture<Long>> call) {
		CompletableFuture<Long> total = CompletableFuture.completedFuture(0L);
		for (int from = 0; from < items.size(); from += LedgerInstall.CHUNK) {
			CompletableFuture<Long> part = call
				.apply(items.subList(from, Math.min(items.size(), from + LedgerInstall.CHUNK)));
			total = total.thenCombine(part, Long::sum);
		}
		return total;
	}

	private static byte[] text(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
