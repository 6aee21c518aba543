package io.github.predictivegateway.alert;

import java.util.List;

import reactor.core.publisher.Mono;

/** Where alerts go. */
@FunctionalInterface
public interface AlertNotifier {

	/**
	 * Sends a batch of alerts (firing and resolved together), retrying as it sees fit.
	 * @return {@code true} once delivered, {@code false} when given up; never an error
	 */
	Mono<Boolean> send(List<Alert> alerts);

}
