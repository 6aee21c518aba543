package io.github.predictivegateway.preallocation;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.wire.SeriesKey;

/**
 * The units the tenant stage refused, per tenant and resource type, since the last
 * {@link #drain()}: the demand that ran ahead of what a tenant's grant and standard
 * bucket could serve, which {@link InStepAdjustment} tops up from capacity nobody has
 * reserved.
 *
 * <p>
 * Written on the refusal path only (an admitted request costs nothing here), read once a
 * window off the request path. At most {@code maxSeries} series are counted per window: a
 * flood of tenant ids cannot grow it without bound; a series first refused once the
 * window is full is not counted in that window.
 */
public final class Shortfalls {

	private final int maxSeries;

	private volatile ConcurrentHashMap<SeriesKey, LongAdder> window = new ConcurrentHashMap<>();

	/**
	 * @param maxSeries the most series counted in one window
	 * @throws IllegalArgumentException if {@code maxSeries < 1}
	 */
	public Shortfalls(int maxSeries) {
		if (maxSeries < 1) {
			throw new IllegalArgumentException("max series must be at least 1, was " + maxSeries);
		}
		this.maxSeries = maxSeries;
	}

	/**
	 * Refusals of at most {@code maxTenants} series a window, the bound the engine keeps
	 * on tenants ({@code predictive.max-tenants}).
	 */
	public static Shortfalls forTenants(long maxTenants) {
		return new Shortfalls((int) Math.min(maxTenants, Integer.MAX_VALUE));
	}

	/** Counts {@code cost} units refused to {@code tenant} for {@code resource}. */
	public void record(String tenant, ResourceType resource, long cost) {
		ConcurrentHashMap<SeriesKey, LongAdder> current = this.window;
		SeriesKey series = new SeriesKey(tenant, resource.name());
		LongAdder units = current.get(series);
		if (units == null) {
			if (current.size() >= this.maxSeries) {
				return;
			}
			units = current.computeIfAbsent(series, s -> new LongAdder());
		}
		units.add(cost);
	}

	/**
	 * The units refused per series since the last call, and a new window begun. A refusal
	 * recorded by a thread that read the window just before the swap may be missed: the
	 * shortfall is a signal for top-ups, not an account (usage records count every
	 * refusal).
	 */
	public Map<SeriesKey, Long> drain() {
		ConcurrentHashMap<SeriesKey, LongAdder> closed = this.window;
		this.window = new ConcurrentHashMap<>();
		Map<SeriesKey, Long> units = new HashMap<>();
		closed.forEach((series, adder) -> units.put(series, adder.sum()));
		return units;
	}

}
