package io.github.predictivegateway.alert;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Where and how {@link WebhookNotifier} posts alerts.
 *
 * @param url the receiver, e.g. Alertmanager's {@code /api/v2/alerts}
 * @param generatorUrl each alert's {@code generatorURL}, or {@code null} for none
 * @param timeout longest one attempt may take
 * @param maxAttempts attempts per batch, the first included (at least 1)
 * @param minBackoff wait before the first retry, doubled for each further one
 * @param maxBackoff longest wait between two attempts
 */
public record WebhookSettings(URI url, @Nullable String generatorUrl, Duration timeout, int maxAttempts,
		Duration minBackoff, Duration maxBackoff) {

	public WebhookSettings {
		Objects.requireNonNull(url, "url");
		Objects.requireNonNull(timeout, "timeout");
		Objects.requireNonNull(minBackoff, "minBackoff");
		Objects.requireNonNull(maxBackoff, "maxBackoff");
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("max-attempts is " + maxAttempts + "; it must be at least 1");
		}
	}

}
