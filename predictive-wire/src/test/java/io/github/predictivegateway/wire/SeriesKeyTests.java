package io.github.predictivegateway.wire;

import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class SeriesKeyTests {

	@Test
	void theLabelIsTenantSlashResource() {
		assertThat(new SeriesKey("acme", "db").label()).isEqualTo("acme/db");
	}

	@Test
	void seriesAreOrderedByTenantThenResource() {
		TreeSet<SeriesKey> sorted = new TreeSet<>(
				List.of(new SeriesKey("beta", "db"), new SeriesKey("acme", "requests"), new SeriesKey("acme", "db")));

		assertThat(sorted).containsExactly(new SeriesKey("acme", "db"), new SeriesKey("acme", "requests"),
				new SeriesKey("beta", "db"));
	}

	@Test
	void aSeriesNeedsATenantAndAResource() {
		assertThatNullPointerException().isThrownBy(() -> new SeriesKey(null, "db")).withMessage("tenant");
		assertThatNullPointerException().isThrownBy(() -> new SeriesKey("acme", null)).withMessage("resource");
	}

}
