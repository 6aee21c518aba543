package io.github.predictivegateway.observe;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last closed steps of every series, for the actuator endpoint and the dashboard: per
 * tenant (at most {@code maxTenants}), per resource type a ring of the last
 * {@code stepsKept} {@link StepObservation}s. Written once per step, read on demand;
 * thread-safe.
 *
 * <p>
 * <b>Which tenants are kept.</b> The tenants of a closed step are recorded from the least
 * to the most offered units in that step (all resource types together), each becoming the
 * most recently observed tenant, and beyond {@code maxTenants} the least recently
 * observed are forgotten. So a step with more active tenants than the bound keeps its
 * {@code maxTenants} busiest (made-up tenant ids cannot push out the tenant that matters,
 * nor grow memory), and a tenant is forgotten only once {@code maxTenants} tenants have
 * been observed more recently, or in its own step, busier.
 */
public final class ObservationHistory implements StepObserver {

	private final int stepsKept;

	private final long maxTenants;

	/** In the order tenants were last observed, least recent first. */
	private final LinkedHashMap<String, TenantHistory> tenants = new LinkedHashMap<>();

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
		this.maxTenants = maxTenants;
	}

	@Override
	public void stepClosed(ClosedStep closed) {
		Map<String, List<StepObservation>> byTenant = new HashMap<>();
		Map<String, Double> offered = new HashMap<>();
		for (StepObservation observation : closed.observations()) {
			byTenant.computeIfAbsent(observation.tenant(), t -> new ArrayList<>()).add(observation);
			offered.merge(observation.tenant(), observation.offered(), Double::sum);
		}
		List<String> leastBusyFirst = new ArrayList<>(byTenant.keySet());
		leastBusyFirst.sort(Comparator.comparingDouble((String tenant) -> offered.get(tenant))
			.thenComparing(Comparator.<String>reverseOrder()));
		int skipped = (int) Math.max(0, leastBusyFirst.size() - this.maxTenants);
		synchronized (this.tenants) {
			for (String tenant : leastBusyFirst.subList(skipped, leastBusyFirst.size())) {
				TenantHistory history = this.tenants.remove(tenant);
				if (history == null) {
					history = new TenantHistory();
				}
				for (StepObservation observation : byTenant.get(tenant)) {
					history.add(observation, this.stepsKept);
				}
				this.tenants.put(tenant, history);
			}
			Iterator<String> leastRecentFirst = this.tenants.keySet().iterator();
			for (int excess = this.tenants.size()
					- (int) Math.min(Integer.MAX_VALUE, this.maxTenants); excess > 0; excess--) {
				leastRecentFirst.next();
				leastRecentFirst.remove();
			}
		}
	}

	/** The tenants held, least recently observed first. */
	public List<String> tenants() {
		synchronized (this.tenants) {
			return new ArrayList<>(this.tenants.keySet());
		}
	}

	/**
	 * A tenant's history per resource type (sorted by name), oldest step first; empty
	 * when not held.
	 */
	public Map<String, List<StepObservation>> of(String tenant) {
		TenantHistory history;
		synchronized (this.tenants) {
			history = this.tenants.get(tenant);
		}
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
