package io.github.predictivegateway.bench.replay;

import java.time.Duration;
import java.util.function.Function;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.github.predictivegateway.admission.Decision;
import io.github.predictivegateway.gate.LocalCapacityGate;
import io.github.predictivegateway.gate.PriorityAdmissionQueue;
import io.github.predictivegateway.gate.PriorityClass;
import io.github.predictivegateway.gate.QueueSettings;

/**
 * Replays the scored steps of a trace through one strategy's tenant stage and the shared
 * second stage: a {@link LocalCapacityGate} of {@code C} units per second and a
 * {@link PriorityAdmissionQueue} in front of it (the gateway's defaults: 1000 waiting,
 * pre-allocated requests wait up to 3 s, standard ones up to 1 s), all in virtual time on
 * one {@link ReplayScheduler}.
 *
 * <p>
 * The gate holds one unit and refills one unit every {@code P = ⌈10⁹ / C⌉} ns, so
 * admissions are at least {@code P} apart and no second of the epoch admits more than
 * {@code C}: the overrun metric checks the engine, not an allowance. Its capacity is
 * therefore {@code 10⁹ / P ≤ C} units per second, within one part in {@code 10⁹ / C} of
 * {@code C}.
 *
 * <p>
 * Per step: the clock goes to the step's start (running the queue's due wake-ups), the
 * stage begins the step, each arrival is decided at its instant (what the stage took for
 * a request the gate then refuses is given back, as the gateway's filter does), and at
 * the step's last nanosecond the stage reports what it reserved. After the last step the
 * clock runs on until the queue is empty.
 */
final class ReplayRun {

	private final Trace trace;

	private final Arrivals arrivals;

	private final int fromStep;

	private final double[] standardRates;

	ReplayRun(Trace trace, Arrivals arrivals, int fromStep, ReplayPlans plans) {
		this.trace = trace;
		this.arrivals = arrivals;
		this.fromStep = fromStep;
		this.standardRates = new double[trace.tenantCount()];
		for (int t = 0; t < this.standardRates.length; t++) {
			this.standardRates[t] = plans.rate(t);
		}
	}

	/**
	 * @param name the strategy's name in the report
	 * @param capacity the global capacity {@code C}, units per second
	 * @param stageFactory builds the strategy's tenant stage on the replay's clock
	 */
	ReplayMetrics run(String name, long capacity, Function<ReplayScheduler, TenantStage> stageFactory) {
		ReplayScheduler clock = new ReplayScheduler(this.trace.stepStartNanos(this.fromStep));
		TenantStage stage = stageFactory.apply(clock);
		long period = (1_000_000_000L + capacity - 1) / capacity;
		LocalCapacityGate gate = new LocalCapacityGate(1e9 / period, Duration.ofNanos(period), clock);
		if (gate.size() != 1) {
			// a gate of two units would let C + 1 through in some seconds: the overrun
			// metric would count the replay's gate, not the engine
			throw new IllegalStateException("the replay's capacity gate holds " + gate.size() + " units, not 1");
		}
		PriorityAdmissionQueue queue = new PriorityAdmissionQueue("requests", gate, QueueSettings.defaults(), clock,
				new SimpleMeterRegistry());
		ReplayMetrics metrics = new ReplayMetrics(name, this.trace.tenants(), capacity,
				this.trace.length() - this.fromStep);
		int tenants = this.trace.tenantCount();
		long[] offered = new long[tenants];
		boolean[] burst = new boolean[tenants];
		for (int s = this.fromStep; s < this.trace.length(); s++) {
			long start = this.trace.stepStartNanos(s);
			clock.advanceTo(start);
			for (int t = 0; t < tenants; t++) {
				offered[t] = this.trace.count(t, s);
				// r_t × L is the warm-up median (or 1), a whole or half number: the
				// epsilon only absorbs rounding
				burst[t] = offered[t] > this.standardRates[t] * this.trace.stepSeconds() + 1e-6;
				if (burst[t]) {
					metrics.burstStep(t);
				}
			}
			metrics.step(s - this.fromStep);
			stage.beginStep(s);
			for (long packed : this.arrivals.step(this.trace, s)) {
				int tenant = Arrivals.tenant(packed);
				clock.advanceTo(start + Arrivals.offsetNanos(packed));
				TenantStage.Admission admission = stage.admit(tenant);
				Decision decision = admission.decision();
				boolean inBurst = burst[tenant];
				metrics.offered(tenant, inBurst, decision);
				if (decision.admitted()) {
					int step = metrics.step();
					queue.acquire(PriorityClass.of(decision), 1).subscribe(result -> {
						if (!result.admitted()) {
							admission.refund().run();
						}
						metrics.gate(tenant, step, inBurst, decision, result, clock.epochNanos());
					});
				}
			}
			clock.advanceTo(this.trace.stepStartNanos(s + 1) - 1);
			stage.endStep(s, offered, metrics.granted, metrics.used);
		}
		long end = this.trace.stepStartNanos(this.trace.length());
		clock.advanceTo(end);
		for (int guard = 0; guard < 3600 && (clock.pending() > 0 || queue.length() > 0); guard++) {
			end += 1_000_000_000L;
			clock.advanceTo(end);
		}
		for (int t = 0; t < tenants; t++) {
			metrics.finalMultiplier[t] = stage.multiplier(t);
		}
		metrics.finish();
		return metrics;
	}

}
