package io.github.predictivegateway.sidecar.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.predictivegateway.forecaster.ForecasterEngine;
import io.github.predictivegateway.forecaster.history.StepMeasures;
import io.github.predictivegateway.forecaster.history.UsageHistory;
import io.github.predictivegateway.forecaster.history.UsageStore;
import io.github.predictivegateway.wire.SeriesKey;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reading the usage history back: {@code GET /v1/history?tenant=&resource=[&steps=N]}
 * gives the series' demand per step (summed over instances), with the requests attempted
 * and throttled, the request bytes and the upstream durations (sum and longest) in it,
 * for its last {@code N} steps with usage (default 288, from 1 to {@value #MAX_STEPS}); a
 * {@code steps} that is not a whole number in that range is answered {@code 400} naming
 * it, never clamped.
 */
@RestController
class HistoryController {

	private final UsageStore store;

	HistoryController(ForecasterEngine engine) {
		this.store = engine.store();
	}

	/** The most steps one answer holds. */
	static final int MAX_STEPS = 100_000;

	private static ResponseEntity<?> badSteps(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setTitle("Invalid parameter");
		problem.setProperty("parameter", "steps");
		return ResponseEntity.badRequest().body(problem);
	}

	/** One series' recent demand. */
	record SeriesDemand(String tenant, String resource, List<StepDemand> steps) {
	}

	/**
	 * Demand in one step, with the requests attempted and throttled in it, their bytes,
	 * and their upstream durations (sum and longest, milliseconds).
	 */
	record StepDemand(Instant start, double demand, long attempted, long throttled, long bytes, double durationMsSum,
			double durationMsMax) {
	}

	@GetMapping("/v1/history")
	ResponseEntity<?> history(@RequestParam String tenant, @RequestParam String resource,
			@RequestParam(defaultValue = "288") String steps) {
		int count;
		try {
			count = Integer.parseInt(steps.strip());
		}
		catch (NumberFormatException ex) {
			return badSteps("steps is '" + steps + "'; it must be a whole number from 1 to " + MAX_STEPS);
		}
		if (count < 1 || count > MAX_STEPS) {
			return badSteps("steps is " + count + "; it must be from 1 to " + MAX_STEPS);
		}
		UsageHistory history = this.store.history();
		SeriesKey id = new SeriesKey(tenant, resource);
		if (history.firstStep(id) == Long.MIN_VALUE) {
			return ResponseEntity.notFound().build();
		}
		long end = history.newestStep() + 1;
		long from = Math.max(history.firstStep(id), end - count);
		List<StepDemand> out = new ArrayList<>((int) (end - from));
		for (long step = from; step < end; step++) {
			StepMeasures measures = history.measures(id, step);
			out.add(new StepDemand(Instant.ofEpochSecond(step * history.stepSeconds()), measures.demand(),
					measures.attempted(), measures.throttled(), measures.bytes(), measures.durationMsSum(),
					measures.durationMsMax()));
		}
		return ResponseEntity.ok(new SeriesDemand(tenant, resource, out));
	}

}
