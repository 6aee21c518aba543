package io.github.predictivegateway.observe;

import java.time.Instant;
import java.util.List;

/**
 * One closed step as observed: per series what happened, and per resource type what was
 * lent.
 *
 * @param step index of the step
 * @param stepStart start of the step
 * @param observations one per series that offered anything, had a forecast or was granted
 * something
 * @param lending one per resource type with a grant or a standard admission
 */
public record ClosedStep(long step, Instant stepStart, List<StepObservation> observations,
		List<ResourceLending> lending) {

	public ClosedStep {
		observations = List.copyOf(observations);
		lending = List.copyOf(lending);
	}

}
