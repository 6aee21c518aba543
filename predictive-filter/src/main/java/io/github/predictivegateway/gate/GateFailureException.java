package io.github.predictivegateway.gate;

/**
 * The admission queue could not decide a request because the gate, the clock or the
 * scheduler threw while serving it (its cause). The request left the queue and took
 * nothing from the gate; every other waiting request is still decided.
 */
public class GateFailureException extends RuntimeException {

	public GateFailureException(Throwable cause) {
		super("the admission queue failed while serving this request: " + cause, cause);
	}

}
