package io.github.predictivegateway.usage;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.github.predictivegateway.wire.UsageBatchCodec;

/**
 * Sends usage batches to the sidecar's {@code POST /v1/usage}: {@code 202} is accepted;
 * {@code 400} rejected, with the records the sidecar's errors name as invalid
 * ({@link UsageSink.Result#rejected}); {@code 413} too large (the sidecar's body or
 * record limit); anything else, a timeout or no connection an error to retry. With a
 * sidecar token every batch carries {@code Authorization: Bearer <token>}; a {@code 401}
 * (no or wrong token) is an error to retry like any other, so the records wait in the
 * buffer until the token is fixed.
 */
public final class SidecarUsageSink implements UsageSink {

	private final HttpClient http;

	private final URI usageUri;

	private final Duration timeout;

	private final @Nullable String authorization;

	public SidecarUsageSink(HttpClient http, URI sidecarUrl, Duration timeout) {
		this(http, sidecarUrl, timeout, null);
	}

	/**
	 * @param token the sidecar's shared token, or {@code null} (or blank) for a sidecar
	 * without one
	 */
	public SidecarUsageSink(HttpClient http, URI sidecarUrl, Duration timeout, @Nullable String token) {
		this.http = http;
		this.usageUri = sidecarUrl.resolve("/v1/usage");
		this.timeout = timeout;
		this.authorization = (token == null || token.isBlank()) ? null : "Bearer " + token.strip();
	}

	@Override
	public Mono<Result> publish(String instance, List<StepUsage> records) {
		return Mono.defer(() -> {
			HttpRequest.Builder request = HttpRequest.newBuilder(this.usageUri)
				.timeout(this.timeout)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofByteArray(UsageBatchJson.bytes(instance, records)));
			if (this.authorization != null) {
				request.header("Authorization", this.authorization);
			}
			return Mono.fromFuture(() -> this.http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()),
					true);
		}).timeout(this.timeout).flatMap(response -> {
			int status = response.statusCode();
			if (status >= 200 && status < 300) {
				return Mono.just(Result.ACCEPTED);
			}
			if (status == 400) {
				return Mono.just(Result.rejected(UsageBatchCodec.readErrors(response.body())));
			}
			if (status == 413) {
				return Mono.just(Result.TOO_LARGE);
			}
			return Mono.error(new IllegalStateException("the sidecar answered " + status + " to a usage batch"));
		});
	}

}
