package io.github.predictivegateway.test;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.predictivegateway.metrics.PredictiveMetricNames;

/**
 * A burst of one tenant's requests spread round-robin over gateway instances, and what
 * they got: {@code count} requests, one every {@code every} (all at once when zero), all
 * in flight concurrently; {@code seconds} from the first send to the last answer.
 *
 * @param admitted answers 200
 * @param throttled answers 429
 * @param seconds from the first send to the last answer
 */
public record GatewayBurst(int admitted, int throttled, double seconds) {

	/** Sends the burst over {@code instances} in turn and waits for every answer. */
	public static GatewayBurst send(List<GatewayInstance> instances, String tenant, int count, Duration every) {
		long start = System.nanoTime();
		Flux<Long> ticks = every.isZero() ? Flux.range(0, count).map(Integer::longValue)
				: Flux.interval(Duration.ZERO, every).take(count);
		List<Integer> statuses = ticks
			.flatMap(i -> instances.get((int) (i % instances.size()))
				.client()
				.get()
				.uri("/r/" + i)
				.header("X-Tenant-Id", tenant)
				.exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
				.onErrorResume(ex -> Mono.just(-1)), 256)
			.collectList()
			.block(Duration.ofSeconds(30));
		double seconds = (System.nanoTime() - start) / 1e9;
		int admitted = (int) statuses.stream().filter(status -> status == 200).count();
		int throttled = (int) statuses.stream().filter(status -> status == 429).count();
		return new GatewayBurst(admitted, throttled, seconds);
	}

	/**
	 * What one bucket of {@code rate} and {@code burst} admits at most in the time the
	 * burst took: {@code burst + floor(rate × seconds)}.
	 */
	public int bound(double rate, int burst) {
		return burst + (int) Math.floor(rate * this.seconds);
	}

	/** Requests decided without Redis on these instances, so far. */
	public static long fallbacks(List<GatewayInstance> instances) {
		return Math.round(instances.stream()
			.mapToDouble(instance -> instance.count(PredictiveMetricNames.REDIS_FALLBACKS))
			.sum());
	}

	/** Redis calls with this outcome on these instances, so far. */
	public static long calls(List<GatewayInstance> instances, String outcome) {
		return Math.round(instances.stream()
			.mapToDouble(instance -> instance.count(PredictiveMetricNames.REDIS_CALLS, PredictiveMetricNames.OUTCOME,
					outcome))
			.sum());
	}

}
