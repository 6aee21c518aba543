package io.github.predictivegateway.bench.replay;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Spreads each tenant's per-step count over the step as arrival instants.
 *
 * <ul>
 * <li>{@link Mode#POISSON}: the {@code n} arrivals of a step are {@code n} independent
 * uniform instants in the step, which is exactly a Poisson process conditioned on its
 * count;</li>
 * <li>{@link Mode#UNIFORM}: evenly spaced, arrival {@code k} at
 * {@code (k + ½) × step / n}.</li>
 * </ul>
 * The random stream of a (tenant, step) pair is seeded from {@code (seed, tenant, step)}
 * alone, so every strategy sees the same arrivals, and a tenant's arrivals do not change
 * when another tenant's counts do (the noisy neighbour's flood leaves the others'
 * arrivals as they were).
 */
final class Arrivals {

	/**
	 * Most tenants a replay takes: the tenant index is packed into the low bits of an
	 * arrival.
	 */
	static final int MAX_TENANTS = 1024;

	private static final int TENANT_BITS = 10;

	enum Mode {

		POISSON, UNIFORM

	}

	private final Mode mode;

	private final long seed;

	Arrivals(Mode mode, long seed) {
		this.mode = mode;
		this.seed = seed;
	}

	/**
	 * All arrivals of step {@code step}, in time order (ties by tenant index), each
	 * packed as {@code offsetNanos << 10 | tenant} with the offset from the step's start.
	 */
	long[] step(Trace trace, int step) {
		long stepNanos = trace.stepSeconds() * 1_000_000_000L;
		int total = 0;
		for (int t = 0; t < trace.tenantCount(); t++) {
			total = Math.addExact(total, Math.toIntExact(trace.count(t, step)));
		}
		long[] packed = new long[total];
		int next = 0;
		for (int t = 0; t < trace.tenantCount(); t++) {
			long n = trace.count(t, step);
			SplittableRandom random = (this.mode == Mode.POISSON) ? new SplittableRandom(mix(t, step)) : null;
			for (long k = 0; k < n; k++) {
				long offset = (random != null) ? random.nextLong(stepNanos) : (long) ((k + 0.5) * stepNanos / n);
				packed[next++] = (offset << TENANT_BITS) | t;
			}
		}
		Arrays.sort(packed);
		return packed;
	}

	static int tenant(long packed) {
		return (int) (packed & (MAX_TENANTS - 1));
	}

	static long offsetNanos(long packed) {
		return packed >>> TENANT_BITS;
	}

	private long mix(int tenant, int step) {
		long z = this.seed * 0x9E3779B97F4A7C15L + tenant * 0xBF58476D1CE4E5B9L + step * 0x94D049BB133111EBL;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

}
