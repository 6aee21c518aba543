package io.github.predictivegateway.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.predictivegateway.forecast.Forecast;
import io.github.predictivegateway.observe.ClosedStep;
import io.github.predictivegateway.observe.ObservationHistory;
import io.github.predictivegateway.observe.StepObservation;

/**
 * Heap taken by the per-tenant history of closed steps ({@link ObservationHistory}) when
 * full: {@code TENANTS} tenants of one resource type, {@code STEPS} steps each, every
 * observation with its own forecast. Run with
 * {@code java -Xmx1g -cp bench/target/bench.jar io.github.predictivegateway.bench.HistoryMemory 200 360};
 * prints the heap growth after full garbage collections.
 */
public final class HistoryMemory {

	private HistoryMemory() {
	}

	public static void main(String[] args) throws InterruptedException {
		int tenants = Integer.parseInt(args[0]);
		int steps = Integer.parseInt(args[1]);
		ObservationHistory history = new ObservationHistory(steps, tenants);
		long before = usedAfterGc();
		for (int s = 0; s < steps; s++) {
			Instant start = Instant.ofEpochSecond(s * 60L);
			List<StepObservation> observations = new ArrayList<>(tenants);
			for (int t = 0; t < tenants; t++) {
				observations.add(new StepObservation("tenant-" + t, "requests", s, start, 10 + t % 7, 10, 9, 1, 5,
						new Forecast(10, 5 + s % 3, 15 + t % 5), 15, 9, 6, 0, 1.0, false));
			}
			history.stepClosed(new ClosedStep(s, start, observations, List.of()));
		}
		long after = usedAfterGc();
		System.out.printf("%d tenants x %d steps held (%d tenants): %.1f MB, %.0f bytes per kept step%n", tenants,
				steps, history.tenants().size(), (after - before) / 1e6, (after - before) / ((double) tenants * steps));
	}

	private static long usedAfterGc() throws InterruptedException {
		for (int i = 0; i < 5; i++) {
			System.gc();
			Thread.sleep(100);
		}
		Runtime runtime = Runtime.getRuntime();
		return runtime.totalMemory() - runtime.freeMemory();
	}

}
