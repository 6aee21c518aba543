package io.github.predictivegateway.usage;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Sends usage batches to the sidecar's {@code POST /v1/usage}: {@code 202} is accepted, {@code 400} rejected (the
 * batch is invalid and is not sent again), anything else, a timeout or no connection an error to retry.
 */
public final class SidecarUsageSink implements UsageSink {

	private final HttpClient http;

	private final URI usageUri;

	private final Duration timeout;

	public SidecarUsageSink(HttpClient http, URI sidecarUrl, Duration timeout) {
		this.http = http;
		this.usageUri = sidecarUrl.resolve("/v1/usage");
		this.timeout = timeout;
	}

	@Override
	public Mono<Result> publish(String instance, List<StepUsage> records) {
		return Mono.defer(() -> {
			HttpRequest request = HttpRequest.newBuilder(this.usageUri)
				.timeout(this.timeout)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofByteArray(UsageBatchJson.bytes(instance, records)))
				.build();
			return Mono.fromFuture(() -> this.http.sendAsync(request, HttpResponse.BodyHandlers.discarding()), true);
		}).timeout(this.timeout).flatMap(response -> {
			int status = response.statusCode();
			if (status >= 200 && status < 300) {
				return Mono.just(Result.ACCEPTED);
			}
			if (status == 400) {
				return Mono.just(Result.REJECTED);
			}
			return Mono.error(new IllegalStateException("the sidecar answered " + status + " to a usage batch"));
		});
	}

}
