package io.github.predictivegateway.bench.replay;

import java.time.Duration;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;

import io.github.predictivegateway.admission.Decision;
import io.github.predictivegateway.time.TimeSource;

/**
 * A reactive limiter, as adaptive limiters do it: each tenant's token bucket follows a
 * moving average of the tenant's recent offered demand. No forecast, no reservation;
 * every admitted request is standard.
 *
 * <p>
 * Rule, at the start of step {@code s}, with {@code D_t(j)} the requests tenant {@code t}
 * offered in step {@code j} (throttled ones included), {@code K} the window in steps,
 * {@code L} the step in seconds, {@code r_t} the plan's standard rate and {@code b} the
 * burst in seconds: <pre>
 *   rate_t(s)  = max(r_t, (D_t(s-1) + … + D_t(s-K)) / (K × L))      units per second
 *   burst_t(s) = max(1, ⌈b × rate_t(s)⌉)                              units
 * </pre> The bucket keeps the tokens it holds when its limits change (Bucket4j's
 * {@code AS_IS}, cut to the new burst), so a change of limit neither hands out nor takes
 * away a burst.
 */
final class ReactiveStage implements TenantStage {

	private final Trace trace;

	private final ReplayPlans plans;

	private final double burstSeconds;

	private final int window;

	private final Bucket[] buckets;

	ReactiveStage(Trace trace, ReplayPlans plans, double burstSeconds, int window, TimeSource time) {
		this.trace = trace;
		this.plans = plans;
		this.burstSeconds = burstSeconds;
		this.window = window;
		this.buckets = new Bucket[trace.tenantCount()];
		TimeMeter meter = new TimeMeter() {

			@Override
			public long currentTimeNanos() {
				return time.epochNanos();
			}

			@Override
			public boolean isWallClockBased() {
				return true;
			}

		};
		for (int t = 0; t < this.buckets.length; t++) {
			this.buckets[t] = Bucket.builder().withCustomTimePrecision(meter).addLimit(limit(plans.rate(t))).build();
		}
	}

	/** The rate the rule gives tenant {@code t} in step {@code s}. */
	double rate(int t, int s) {
		long sum = 0;
		int from = Math.max(0, s - this.window);
		for (int j = from; j < s; j++) {
			sum += this.trace.count(t, j);
		}
		double average = (s > from) ? (double) sum / ((s - from) * (double) this.trace.stepSeconds()) : 0;
		return Math.max(this.plans.rate(t), average);
	}

	@Override
	public void beginStep(int step) {
		for (int t = 0; t < this.buckets.length; t++) {
			this.buckets[t].replaceConfiguration(configuration(rate(t, step)), TokensInheritanceStrategy.AS_IS);
		}
	}

	@Override
	public Admission admit(int tenant) {
		if (!this.buckets[tenant].tryConsume(1)) {
			return Admission.of(Decision.THROTTLED);
		}
		Bucket bucket = this.buckets[tenant];
		return new Admission(Decision.STANDARD, () -> bucket.addTokens(1));
	}

	@Override
	public void endStep(int step, long[] offered, long[] granted, long[] used) {
	}

	private BucketConfiguration configuration(double rate) {
		return BucketConfiguration.builder().addLimit(limit(rate)).build();
	}

	private Bandwidth limit(double rate) {
		long burst = Math.max(1L, (long) Math.ceil(this.burstSeconds * rate - 1e-9));
		Duration period = Duration.ofNanos(Math.max(1L, Math.round(burst * 1e9 / rate)));
		return Bandwidth.builder().capacity(burst).refillGreedy(burst, period).build();
	}

}
