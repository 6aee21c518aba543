package io.github.predictivegateway.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import io.github.predictivegateway.gate.CapacityGate;
import io.github.predictivegateway.gate.GateResult;
import io.github.predictivegateway.gate.LocalCapacityGate;
import io.github.predictivegateway.gate.PriorityAdmissionQueue;
import io.github.predictivegateway.gate.PriorityClass;
import io.github.predictivegateway.gate.QueueSettings;
import io.github.predictivegateway.time.TimeSource;

/**
 * What the second stage adds per request, against the gate alone, all with a gate so
 * large it never runs out:
 * <ul>
 * <li>{@code gateTryAcquire}: the baseline, a bare Bucket4j {@code tryAcquire} on the
 * gate;</li>
 * <li>{@code queueFastPath}: {@code acquire} and subscribe when nobody waits: the path
 * almost every request takes while the backend has room;</li>
 * <li>{@code queueEnqueueToGrant}: every request goes through the queue, because a
 * request that never fits is parked at the head of the lower lane, so each one enters its
 * lane, the drain loop admits it and completes its {@code Mono}; the calling thread spins
 * until its grant arrives, which under several threads is often delivered by another
 * thread's drain loop.</li>
 * </ul>
 * Run with several threads ({@code -t 4}) for contention and {@code -prof gc} for bytes
 * allocated per request.
 */
public class AdmissionQueueBenchmark extends AverageTimeBenchmark {

	/**
	 * Units per second (the most Bucket4j refills): no run gets near it, so the gate
	 * always has room.
	 */
	private static final double CAPACITY = 1e9;

	/** The cost of the request that never fits: it keeps the queue non-empty. */
	private static final long PLUG = Long.MAX_VALUE / 4;

	private Scheduler scheduler;

	private LocalCapacityGate bareGate;

	private PriorityAdmissionQueue emptyQueue;

	private PriorityAdmissionQueue pluggedQueue;

	@Setup
	public void setUp() {
		this.scheduler = Schedulers.newSingle("bench-queue-timers", true);
		QueueSettings settings = new QueueSettings(1_000_000, Duration.ofHours(1), Duration.ofHours(1));
		this.bareGate = new LocalCapacityGate(CAPACITY, Duration.ofSeconds(1), TimeSource.system());
		this.emptyQueue = new PriorityAdmissionQueue("bench", newGate(), settings, this.scheduler,
				new SimpleMeterRegistry());
		this.pluggedQueue = new PriorityAdmissionQueue("bench", new Plugged(newGate()), settings, this.scheduler,
				new SimpleMeterRegistry());
		this.pluggedQueue.acquire(PriorityClass.STANDARD, PLUG).subscribe();
		if (this.pluggedQueue.length() != 1) {
			throw new IllegalStateException("the plug did not stay in the queue");
		}
	}

	@TearDown
	public void tearDown() {
		this.scheduler.dispose();
	}

	private static LocalCapacityGate newGate() {
		return new LocalCapacityGate(CAPACITY, Duration.ofSeconds(1), TimeSource.system());
	}

	@Benchmark
	public boolean gateTryAcquire() {
		return this.bareGate.tryAcquire(1);
	}

	@Benchmark
	public boolean queueFastPath(Grant grant) {
		grant.reset();
		this.emptyQueue.acquire(PriorityClass.STANDARD, 1).subscribe(grant);
		return grant.admitted;
	}

	@Benchmark
	public boolean queueEnqueueToGrant(Grant grant) {
		grant.reset();
		this.pluggedQueue.acquire(PriorityClass.PREALLOCATED, 1).subscribe(grant);
		while (!grant.done) {
			Thread.onSpinWait();
		}
		return grant.admitted;
	}

	/**
	 * A reusable subscriber per benchmark thread, so that the measurement allocates only
	 * what the queue does.
	 */
	@State(Scope.Thread)
	public static class Grant implements CoreSubscriber<GateResult> {

		volatile boolean done;

		boolean admitted;

		@Setup(Level.Iteration)
		public void reset() {
			this.done = false;
			this.admitted = false;
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			subscription.request(1);
		}

		@Override
		public void onNext(GateResult result) {
			this.admitted = result.admitted();
		}

		@Override
		public void onError(Throwable error) {
			this.done = true;
		}

		@Override
		public void onComplete() {
			this.done = true;
		}

	}

	/** The real gate, except that the plug never fits. */
	private static final class Plugged implements CapacityGate {

		private final CapacityGate gate;

		Plugged(CapacityGate gate) {
			this.gate = gate;
		}

		@Override
		public boolean tryAcquire(long units) {
			return units != PLUG && this.gate.tryAcquire(units);
		}

		@Override
		public long nanosUntilAvailable(long units) {
			return (units == PLUG) ? TimeUnit.HOURS.toNanos(1) : this.gate.nanosUntilAvailable(units);
		}

		@Override
		public void release(long units) {
			this.gate.release(units);
		}

		@Override
		public double capacity() {
			return this.gate.capacity();
		}

	}

}
