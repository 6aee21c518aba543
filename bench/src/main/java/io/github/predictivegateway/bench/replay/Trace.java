package io.github.predictivegateway.bench.replay;

import java.util.ArrayList;
import java.util.List;

import io.github.predictivegateway.forecasting.series.SeriesHistory;

/**
 * A multi-tenant trace on one step grid: {@code counts[t][s]} requests of tenant
 * {@code t} in step {@code s}, step {@code s} starting at
 * {@code startEpochSecond + s × stepSeconds}. Each series is a tenant.
 *
 * <p>
 * Series that start or end at different times are aligned on the earliest start and
 * padded with zeros. Values are rounded to whole requests (every request costs one unit).
 */
final class Trace {

	private final List<String> tenants;

	private final long startEpochSecond;

	private final int stepSeconds;

	private final long[][] counts;

	Trace(List<String> tenants, long startEpochSecond, int stepSeconds, long[][] counts) {
		if (tenants.size() != counts.length || tenants.isEmpty()) {
			throw new IllegalArgumentException("need one count series per tenant, at least one tenant");
		}
		if (tenants.size() > Arrivals.MAX_TENANTS) {
			throw new IllegalArgumentException("at most " + Arrivals.MAX_TENANTS + " tenants, got " + tenants.size());
		}
		for (long[] series : counts) {
			if (series.length != counts[0].length) {
				throw new IllegalArgumentException("every tenant needs the same number of steps");
			}
		}
		this.tenants = List.copyOf(tenants);
		this.startEpochSecond = startEpochSecond;
		this.stepSeconds = stepSeconds;
		this.counts = counts;
	}

	/** Aligns resampled series (all of the same step) into one trace. */
	static Trace of(List<SeriesHistory> series) {
		int step = series.get(0).stepSeconds();
		long start = Long.MAX_VALUE;
		long end = Long.MIN_VALUE;
		for (SeriesHistory s : series) {
			if (s.stepSeconds() != step) {
				throw new IllegalArgumentException("series have different steps");
			}
			start = Math.min(start, s.startEpochSecond());
			end = Math.max(end, s.epochSecondOf(s.length()));
		}
		int length = Math.toIntExact((end - start) / step);
		List<String> names = new ArrayList<>();
		long[][] counts = new long[series.size()][length];
		for (int t = 0; t < series.size(); t++) {
			SeriesHistory s = series.get(t);
			names.add(s.name());
			int offset = Math.toIntExact((s.startEpochSecond() - start) / step);
			for (int i = 0; i < s.length(); i++) {
				counts[t][offset + i] = Math.max(0, Math.round(s.value(i)));
			}
		}
		return new Trace(names, start, step, counts);
	}

	/**
	 * The same trace with tenant {@code tenant}'s counts multiplied by {@code factor}
	 * (rounded) from step {@code fromStep} on: the noisy neighbour's flood.
	 */
	Trace withFlood(int tenant, double factor, int fromStep) {
		long[][] flooded = new long[this.counts.length][];
		for (int t = 0; t < this.counts.length; t++) {
			flooded[t] = this.counts[t].clone();
		}
		for (int s = fromStep; s < length(); s++) {
			flooded[tenant][s] = Math.round(this.counts[tenant][s] * factor);
		}
		return new Trace(this.tenants, this.startEpochSecond, this.stepSeconds, flooded);
	}

	/**
	 * Tenant index of {@code name}: the exact series name, or the only one ending in
	 * {@code _name}.
	 */
	int tenantIndex(String name) {
		int found = this.tenants.indexOf(name);
		if (found >= 0) {
			return found;
		}
		for (int t = 0; t < this.tenants.size(); t++) {
			if (this.tenants.get(t).endsWith("_" + name)) {
				if (found >= 0) {
					throw new IllegalArgumentException("tenant name '" + name + "' is ambiguous in " + this.tenants);
				}
				found = t;
			}
		}
		if (found < 0) {
			throw new IllegalArgumentException("no tenant '" + name + "' in " + this.tenants);
		}
		return found;
	}

	List<String> tenants() {
		return this.tenants;
	}

	int tenantCount() {
		return this.tenants.size();
	}

	int length() {
		return this.counts[0].length;
	}

	int stepSeconds() {
		return this.stepSeconds;
	}

	long startEpochSecond() {
		return this.startEpochSecond;
	}

	/** Epoch nanoseconds at which step {@code s} starts. */
	long stepStartNanos(int s) {
		return (this.startEpochSecond + (long) s * this.stepSeconds) * 1_000_000_000L;
	}

	long count(int tenant, int step) {
		return this.counts[tenant][step];
	}

	/** Tenant {@code tenant}'s counts as doubles, for the forecasting models. */
	double[] values(int tenant) {
		double[] values = new double[length()];
		for (int s = 0; s < values.length; s++) {
			values[s] = this.counts[tenant][s];
		}
		return values;
	}

}
