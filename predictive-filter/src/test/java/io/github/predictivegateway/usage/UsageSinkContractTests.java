package io.github.predictivegateway.usage;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link UsageSink} does, whichever way usage travels to the forecaster, in
 * the manner of Bucket4j's TCK: a subclass says how to make a sink whose forecaster
 * accepts every batch ({@link #sink()}), one that reaches nobody
 * ({@link #unreachableSink()}), and how to read back what reached the forecaster
 * ({@link #received()}).
 *
 * <p>
 * A batch reaches the forecaster as the one JSON document both sides read
 * ({@link UsageBatchJson}): the instance, and per record the series (tenant, resource)
 * and step, by which the forecaster replaces a record sent again, and the step's figures.
 */
public abstract class UsageSinkContractTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Instant NINE = Instant.parse("2026-11-30T09:00:00Z");

	private final List<StepUsage> batch = List.of(
			new StepUsage("acme", "db", NINE, 12, 10, 4, 2, 15.5, 2048, 123.5, 40.25),
			new StepUsage("beta", "requests", NINE.plusSeconds(60), 3, 3, 0, 0, 3, 0, 9, 4));

	/** A sink to a forecaster that accepts every batch. */
	protected abstract UsageSink sink();

	/** A sink to a forecaster that cannot be reached. */
	protected abstract UsageSink unreachableSink();

	/** The batches that reached the forecaster, oldest first, as they arrived. */
	protected abstract List<byte[]> received();

	private static JsonNode json(String text) {
		return JSON.readTree(text);
	}

	private static JsonNode json(byte[] bytes) {
		return JSON.readTree(bytes);
	}

	@Test
	void aBatchThatReachesTheForecasterIsAccepted() {
		assertThat(sink().publish("gw-1", this.batch).block()).isEqualTo(UsageSink.Result.ACCEPTED);
	}

	@Test
	void theForecasterReceivesTheInstanceAndEveryFieldOfEveryRecord() {
		sink().publish("gw-1", this.batch).block();

		assertThat(received()).hasSize(1);
		assertThat(json(received().get(0))).isEqualTo(json("""
				{"instance": "gw-1", "records": [
				  {"tenant": "acme", "resource": "db", "stepStart": "2026-11-30T09:00:00Z", "attempted": 12,
				   "admitted": 10, "preallocated": 4, "throttled": 2, "units": 15.5, "bytes": 2048,
				   "durationMsSum": 123.5, "durationMsMax": 40.25},
				  {"tenant": "beta", "resource": "requests", "stepStart": "2026-11-30T09:01:00Z", "attempted": 3,
				   "admitted": 3, "preallocated": 0, "throttled": 0, "units": 3.0, "bytes": 0,
				   "durationMsSum": 9.0, "durationMsMax": 4.0}]}"""));
	}

	@Test
	void batchesArriveOnceEachInTheOrderSent() {
		UsageSink sink = sink();

		sink.publish("gw-1", this.batch.subList(0, 1)).block();
		sink.publish("gw-2", this.batch.subList(1, 2)).block();

		List<byte[]> received = received();
		assertThat(received).hasSize(2);
		assertThat(json(received.get(0)).get("instance").asString()).isEqualTo("gw-1");
		assertThat(json(received.get(1)).get("instance").asString()).isEqualTo("gw-2");
	}

	@Test
	void nothingIsSentUntilTheResultIsSubscribedTo() {
		sink().publish("gw-1", this.batch);

		assertThat(received()).isEmpty();
	}

	@Test
	void eachSubscriptionSendsTheBatchAgainForARetry() {
		Mono<UsageSink.Result> publishing = sink().publish("gw-1", this.batch);

		publishing.block();
		publishing.block();

		List<byte[]> received = received();
		assertThat(received).hasSize(2);
		assertThat(json(received.get(1))).isEqualTo(json(received.get(0)));
	}

	@Test
	void anUnreachableForecasterIsAnErrorToRetryNotARejection() {
		Mono<UsageSink.Result> publishing = unreachableSink().publish("gw-1", this.batch);

		assertThatThrownBy(publishing::block).isInstanceOf(RuntimeException.class);
		assertThat(received()).isEmpty();
	}

}
