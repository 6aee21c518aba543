package io.github.predictivegateway.time;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The engine's real clock: epoch time that never goes backwards. It reads the wall clock
 * once, as an anchor, and from then on advances with a monotonic clock
 * ({@link System#nanoTime()}), so that everything timed by it (standard buckets, capacity
 * gates, leases, the step grid) sees the time that really passed:
 * {@code now = anchor.epoch + (nanoTime − anchor.nanoTime)}.
 *
 * <p>
 * <b>The wall clock moving.</b> It is compared with this clock at most every
 * {@link #CHECK_INTERVAL}.
 * <ul>
 * <li>Stepped back (NTP correcting a clock that ran ahead, an operator, a VM restored):
 * this clock does not follow. Buckets keep refilling and steps keep their length, so
 * admission is what it would have been; the clock is then ahead of the wall clock by the
 * step, which is logged once at WARN. Epoch steps stay aligned to the instant the anchor
 * was read.</li>
 * <li>Stepped forward by more than {@code forwardTolerance} (a host resumed from suspend,
 * whose monotonic clock stood still, or a clock set right after running late): this clock
 * is re-anchored to the wall clock, never backwards, so that it keeps agreeing with the
 * other instances and the forecaster on which step it is. Buckets see that time as
 * passed.</li>
 * </ul>
 * Between those, both clocks are slewed alike by NTP (Linux's monotonic clock follows the
 * same frequency corrections), so they do not drift apart.
 */
public final class MonotonicTimeSource implements TimeSource {

	/** How often, at most, the wall clock is read to see whether it stepped. */
	public static final Duration CHECK_INTERVAL = Duration.ofMillis(10);

	/** The forward tolerance of {@link TimeSource#system()}. */
	public static final Duration DEFAULT_FORWARD_TOLERANCE = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(MonotonicTimeSource.class);

	private static final long CHECK_NANOS = CHECK_INTERVAL.toNanos();

	private final TimeSource wall;

	private final LongSupplier nanoTime;

	private final long toleranceNanos;

	private final AtomicReference<Anchor> anchor;

	private volatile long lastCheck;

	private volatile boolean behindReported;

	/**
	 * @param wall the wall clock
	 * @param nanoTime the monotonic clock, in nanoseconds from an arbitrary origin
	 * @param forwardTolerance how far the wall clock may get ahead of this clock before
	 * it is followed
	 */
	public MonotonicTimeSource(TimeSource wall, LongSupplier nanoTime, Duration forwardTolerance) {
		if (forwardTolerance.isNegative()) {
			throw new IllegalArgumentException("the forward tolerance must not be negative, got " + forwardTolerance);
		}
		this.wall = wall;
		this.nanoTime = nanoTime;
		this.toleranceNanos = forwardTolerance.toNanos();
		long nano = nanoTime.getAsLong();
		this.anchor = new AtomicReference<>(new Anchor(wall.epochNanos(), nano));
		this.lastCheck = nano;
	}

	@Override
	public long epochNanos() {
		long nano = this.nanoTime.getAsLong();
		Anchor current = this.anchor.get();
		long now = current.at(nano);
		if (nano - this.lastCheck >= CHECK_NANOS) {
			this.lastCheck = nano;
			now = checkWall(current, nano, now);
		}
		return now;
	}

	private long checkWall(Anchor current, long nano, long now) {
		long wallNow = this.wall.epochNanos();
		long ahead = wallNow - now;
		if (ahead > this.toleranceNanos) {
			Anchor followed = new Anchor(wallNow, nano);
			if (this.anchor.compareAndSet(current, followed)) {
				logger.info("The wall clock is " + Duration.ofNanos(ahead)
						+ " ahead of the engine's clock (stepped forward, or the host was suspended); "
						+ "the engine's clock follows it");
				this.behindReported = false;
				return wallNow;
			}
			return Math.max(now, this.anchor.get().at(nano));
		}
		if (-ahead > this.toleranceNanos) {
			if (!this.behindReported) {
				this.behindReported = true;
				logger.warn("The wall clock stepped back: it is " + Duration.ofNanos(-ahead)
						+ " behind the engine's clock, which keeps counting the time that really passed "
						+ "(buckets, gates, leases and steps are unaffected); the engine's clock stays that "
						+ "far ahead of the wall clock until the wall clock catches up or the gateway restarts");
			}
		}
		else {
			this.behindReported = false;
		}
		return now;
	}

	/** The wall clock's reading at a reading of the monotonic clock. */
	private record Anchor(long epochNanos, long nanoTime) {

		long at(long nano) {
			return this.epochNanos + (nano - this.nanoTime);
		}

	}

}
