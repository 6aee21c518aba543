package io.github.predictivegateway.observe;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The last closed steps of every series, for the actuator endpoint and the dashboard: per
 * tenant (at most {@code maxTenants}, least recently observed forgotten first, so made-up
 * tenant ids cannot grow memory), per resource type a ring of the last {@code stepsKept}
 * {@link StepObservation}s. Written once per step, read on demand; thread-safe.
 */
public final class ObservationHistory implements StepObserver {

	private final int stepsKept;

	private final Cache<String, TenantHistory> tenants;

	/**
	 * @param stepsKept closed steps kept per series, at least 1
	 * @param maxTenants tenants kept, at least 1
	 */
	public ObservationHistory(int stepsKept, long maxTenants) {
		if (stepsKept < 1 || maxTenants < 1) {
			throw new IllegalArgumentException(
					"history must keep at least 1 step of 1 tenant, got " + stepsKept + " steps, " + maxTenants);
		}
		this.stepsKept = stepsKept;
		this.tenants = Caffeine.newBuilder().maximumSize(maxTenants).executor(Runnable::run).build();
	}

	@Override
	public void stepClosed(ClosedStep closed) {
		for (StepObservation observation : closed.observations()) {
			this.tenants.get(observation.tenant(), t -> new TenantHistory()).add(observation, this.stepsKept);
		}
	}

	/** The tenants held, in no particular order. */
	public List<String> tenants() {
		this.tenants.cleanUp();
		return new ArrayList<>(this.tenants.asMap().keySet());
	}

	/**
	 * A tenant's history per resource type (sorted by name), oldest step first; empty
	 * when not held.
	 */
	public Map<String, List<StepObservation>> of(String tenant) {
		TenantHistory history = this.tenants.getIfPresent(tenant);
		return (history != null) ? history.snapshot() : Map.of();
	}

	/**
	 * A tenant's offered units per resource type over its last {@code steps} steps held;
	 * 0 when not held.
	 */
	public double recentDemand(String tenant, int steps) {
		double total = 0;
		for (List<StepObservation> series : of(tenant).values()) {
			for (int i = Math.max(0, series.size() - steps); i < series.size(); i++) {
				total += series.get(i).offered();
			}
		}
		return total;
	}

	public int stepsKept() {
		return this.stepsKept;
	}

	private static final class TenantHistory {

		private final TreeMap<String, ArrayDeque<StepObservation>> byResource = new TreeMap<>();

		synchronized void add(StepObservation observation, int kept) {
			ArrayDeque<StepObservation> ring = this.byResource.computeIfAbsent(observation.resource(),
					r -> new ArrayDeque<>());
			ring.addLast(observation);
			while (ring.size() > kept) {
				ring.removeFirst();
			}
		}

		synchronized Map<String, List<StepObservation>> snapshot() {
			Map<String, List<StepObservation>> copy = new TreeMap<>();
			this.byResource.forEach((resource, ring) -> copy.put(resource, List.copyOf(ring)));
			return copy;
		}

	}

}
