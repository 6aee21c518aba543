package io.github.predictivegateway.observe;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.forecast.Forecast;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.preallocation.AdjustmentMultipliers;
import io.github.predictivegateway.preallocation.ShadowBucket;
import io.github.predictivegateway.preallocation.ShadowBucketTable;
import io.github.predictivegateway.preallocation.StepGrants;
import io.github.predictivegateway.standard.StandardBuckets;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.time.TimeSource;
import io.github.predictivegateway.wire.SeriesKey;

/**
 * The per-tenant view behind the actuator endpoint {@code predictive} and its dashboard:
 * for each tenant × resource type the state of the current step (forecast, grant, shadow
 * and standard tokens, multiplier, bursts) and its recent closed steps. Read on demand,
 * off the request path; reads only, never creates a bucket.
 *
 * <p>
 * The overview lists at most {@link #MAX_LISTED} tenants, those with the highest demand
 * over the last {@link #RECENT_STEPS} closed steps (then by name), so that it stays small
 * whatever the number of tenants.
 */
public record PredictiveReport(Steps steps, TimeSource time, ResourceTypes resources, ShadowBucketTable table,
		StandardBuckets standard, AdjustmentMultipliers adjustment, ObservationHistory history) {

	/** The most tenants the overview lists. */
	public static final int MAX_LISTED = 100;

	/**
	 * Closed steps shown as a series' recent demand, and over which tenants are ranked.
	 */
	public static final int RECENT_STEPS = 10;

	/**
	 * The current step of a series. {@code standardTokens} is -1 when it cannot be read
	 * locally.
	 */
	public record SeriesNow(String resource, @Nullable Forecast forecast, long granted, long shadowTokens,
			long standardTokens, double multiplier, List<Double> recentDemand, long bursts) {
	}

	/** A tenant's series now. */
	public record TenantNow(String tenant, double recentDemand, List<SeriesNow> resources) {
	}

	/**
	 * The overview.
	 *
	 * @param tenantsKnown tenants with a grant now or a closed step in the history,
	 * before the listing's bound
	 */
	public record Overview(Instant step, double stepSeconds, int tenantsKnown, List<TenantNow> tenants) {
	}

	/**
	 * One closed step of a series, as the dashboard draws it (forecast values NaN-free:
	 * absent is null).
	 */
	public record StepPoint(Instant start, double offered, long admitted, long throttled, @Nullable Double mean,
			@Nullable Double lower, @Nullable Double upper, long granted, long used, boolean burst) {

		static StepPoint of(StepObservation o) {
			Forecast f = o.forecast();
			return new StepPoint(o.stepStart(), o.offered(), o.admitted(), o.throttled(), (f != null) ? f.mean() : null,
					(f != null) ? f.lower() : null, (f != null) ? f.upper() : null, o.granted(), o.used(), o.burst());
		}

	}

	/** A series now and its history, oldest step first. */
	public record SeriesDetail(String resource, SeriesNow now, List<StepPoint> history) {
	}

	/** A tenant in detail. */
	public record TenantDetail(String tenant, Instant step, double stepSeconds, int stepsKept,
			List<SeriesDetail> resources) {
	}

	/**
	 * The tenants by recent demand, at most {@link #MAX_LISTED}.
	 * @param tenant only this tenant, or {@code null} for all
	 */
	public Overview overview(@Nullable String tenant) {
		long now = this.time.epochNanos();
		StepGrants grants = this.table.grantsAt(now);
		Map<SeriesKey, Forecast> forecasts = this.adjustment.expected(this.steps.indexOf(now));
		Set<String> known = new LinkedHashSet<>(this.history.tenants());
		if (grants != null) {
			known.addAll(grants.byTenant().keySet());
		}
		forecasts.keySet().forEach(series -> known.add(series.tenant()));
		Map<String, Double> demand = new HashMap<>();
		for (String name : known) {
			if (tenant == null || tenant.equals(name)) {
				demand.put(name, this.history.recentDemand(name, RECENT_STEPS));
			}
		}
		List<String> ranked = new ArrayList<>(demand.keySet());
		ranked.sort(Comparator.comparing((String name) -> -demand.get(name)).thenComparing(name -> name));
		List<TenantNow> listed = new ArrayList<>();
		for (String name : ranked.subList(0, Math.min(MAX_LISTED, ranked.size()))) {
			listed.add(new TenantNow(name, demand.get(name), seriesNow(name, grants, forecasts, now)));
		}
		return new Overview(this.steps.start(this.steps.indexOf(now)), this.steps.lengthSeconds(), known.size(),
				listed);
	}

	/** A tenant with its history, or {@code null} when nothing is known of it. */
	public @Nullable TenantDetail tenant(String tenant) {
		long now = this.time.epochNanos();
		StepGrants grants = this.table.grantsAt(now);
		Map<SeriesKey, Forecast> forecasts = this.adjustment.expected(this.steps.indexOf(now));
		Map<String, List<StepObservation>> past = this.history.of(tenant);
		List<SeriesNow> current = seriesNow(tenant, grants, forecasts, now);
		if (current.isEmpty()) {
			return null;
		}
		List<SeriesDetail> details = new ArrayList<>();
		for (SeriesNow series : current) {
			List<StepPoint> points = past.getOrDefault(series.resource(), List.of())
				.stream()
				.map(StepPoint::of)
				.toList();
			details.add(new SeriesDetail(series.resource(), series, points));
		}
		return new TenantDetail(tenant, this.steps.start(this.steps.indexOf(now)), this.steps.lengthSeconds(),
				this.history.stepsKept(), details);
	}

	private List<SeriesNow> seriesNow(String tenant, @Nullable StepGrants grants, Map<SeriesKey, Forecast> forecasts,
			long now) {
		Map<String, List<StepObservation>> past = this.history.of(tenant);
		Set<String> names = new TreeSet<>(past.keySet());
		for (ResourceType resource : this.resources.all()) {
			SeriesKey key = new SeriesKey(tenant, resource.name());
			if (forecasts.containsKey(key) || (grants != null && grants.shadowBucket(tenant, resource) != null)) {
				names.add(resource.name());
			}
		}
		List<SeriesNow> series = new ArrayList<>();
		for (String name : names) {
			if (!this.resources.contains(name)) {
				continue;
			}
			ResourceType resource = this.resources.get(name);
			SeriesKey key = new SeriesKey(tenant, name);
			Forecast forecast = forecasts.get(key);
			ShadowBucket bucket = (grants != null) ? grants.shadowBucket(tenant, resource) : null;
			List<StepObservation> closed = past.getOrDefault(name, List.of());
			List<Double> recent = closed.subList(Math.max(0, closed.size() - RECENT_STEPS), closed.size())
				.stream()
				.map(StepObservation::offered)
				.toList();
			series.add(new SeriesNow(name, forecast, (bucket != null) ? bucket.granted() : 0,
					(bucket != null) ? bucket.remaining() : 0, this.standard.peekAvailable(tenant, resource),
					(forecast != null) ? this.adjustment.multiplier(key, forecast) : this.adjustment.multiplier(key),
					recent, this.adjustment.bursts(key)));
		}
		return series;
	}

}
