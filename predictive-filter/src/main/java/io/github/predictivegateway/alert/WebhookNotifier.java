package io.github.predictivegateway.alert;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Posts alerts as Alertmanager-compatible JSON ({@link AlertPayload}) to a webhook, e.g.
 * Alertmanager's {@code /api/v2/alerts}. A {@code 2xx} is delivered; a {@code 4xx} other
 * than {@code 408} and {@code 429} means the receiver refuses the body, so it is not sent
 * again; anything else (5xx, 408, 429, a timeout, no connection) is retried with
 * exponential backoff ({@code min-backoff}, doubling up to {@code max-backoff}, ±50%
 * jitter) for at most {@code max-attempts} attempts. A batch given up answers
 * {@code false} (counted by {@link AlertCycle}); its firing alerts are sent again at
 * their repeat interval.
 */
public final class WebhookNotifier implements AlertNotifier {

	private static final Log logger = LogFactory.getLog(WebhookNotifier.class);

	private final WebhookSettings settings;

	private final HttpClient http;

	/**
	 * Posts with a client of its own: HTTP/1.1, connecting within the settings'
	 * {@code timeout}.
	 */
	public WebhookNotifier(WebhookSettings settings) {
		this.settings = settings;
		this.http = HttpClient.newBuilder()
			.connectTimeout(settings.timeout())
			.version(HttpClient.Version.HTTP_1_1)
			.build();
	}

	@Override
	public Mono<Boolean> send(List<Alert> alerts) {
		byte[] body = AlertPayload.encode(alerts, this.settings.generatorUrl());
		return Mono.defer(() -> post(body))
			.retryWhen(Retry.backoff(this.settings.maxAttempts() - 1L, this.settings.minBackoff())
				.maxBackoff(this.settings.maxBackoff())
				.jitter(0.5)
				.filter(ex -> !(ex instanceof RefusedException)))
			.thenReturn(true)
			.onErrorResume(ex -> {
				logger.warn("Alert notification of " + alerts.size() + " alert(s) to " + this.settings.url()
						+ " failed: " + (Exceptions.isRetryExhausted(ex) ? ex.getCause() : ex));
				return Mono.just(false);
			});
	}

	private Mono<Void> post(byte[] body) {
		HttpRequest request = HttpRequest.newBuilder(this.settings.url())
			.timeout(this.settings.timeout())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		return Mono.fromFuture(() -> this.http.sendAsync(request, HttpResponse.BodyHandlers.discarding()), true)
			.timeout(this.settings.timeout())
			.flatMap(response -> {
				int status = response.statusCode();
				if (status >= 200 && status < 300) {
					return Mono.empty();
				}
				if (status >= 400 && status < 500 && status != 408 && status != 429) {
					return Mono.error(new RefusedException(status));
				}
				return Mono.error(new IllegalStateException("the webhook answered " + status));
			});
	}

	/** The webhook refused the body: sending it again would not help. */
	static final class RefusedException extends RuntimeException {

		RefusedException(int status) {
			super("the webhook refused the alerts with " + status);
		}

	}

}
