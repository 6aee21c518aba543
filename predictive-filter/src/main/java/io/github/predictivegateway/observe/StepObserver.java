package io.github.predictivegateway.observe;

/**
 * Receives every closed step, in step order, off the request path
 * ({@link StepObservations}). Must be quick and must not throw.
 */
@FunctionalInterface
public interface StepObserver {

	void stepClosed(ClosedStep closed);

}
