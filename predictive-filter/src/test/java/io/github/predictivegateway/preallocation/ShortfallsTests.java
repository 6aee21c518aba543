package io.github.predictivegateway.preallocation;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;
import io.github.predictivegateway.wire.SeriesKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ShortfallsTests {

	private final ResourceType db = new ResourceTypes(Map.of("db", 10.0)).get("db");

	@Test
	void aDrainReturnsTheRefusedUnitsPerSeriesAndStartsAnEmptyWindow() {
		Shortfalls shortfalls = new Shortfalls(10);
		shortfalls.record("acme", this.db, 3);
		shortfalls.record("acme", this.db, 2);
		shortfalls.record("beta", this.db, 1);

		assertThat(shortfalls.drain()).containsExactlyInAnyOrderEntriesOf(
				Map.of(new SeriesKey("acme", "db"), 5L, new SeriesKey("beta", "db"), 1L));
		assertThat(shortfalls.drain()).isEmpty();
	}

	@Test
	void seriesBeyondTheBoundOfAWindowAreNotCounted() {
		Shortfalls shortfalls = new Shortfalls(1);
		shortfalls.record("acme", this.db, 3);
		shortfalls.record("flood-1", this.db, 1);
		shortfalls.record("acme", this.db, 1);

		assertThat(shortfalls.drain()).containsExactlyEntriesOf(Map.of(new SeriesKey("acme", "db"), 4L));
	}

	@Test
	void aBoundBelowOneIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Shortfalls(0))
			.withMessage("max series must be at least 1, was 0");
	}

}
