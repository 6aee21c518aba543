package io.github.predictivegateway.forecast;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.wire.SeriesKey;

import static org.assertj.core.api.Assertions.assertThat;

class DeclaredPreallocationTests {

	private final DeclaredPreallocation weekdayMornings = new DeclaredPreallocation("acme", "db", 300,
			Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY),
			LocalTime.of(9, 0), LocalTime.of(10, 0), ZoneId.of("Europe/Paris"));

	private static ZonedDateTime paris(String local) {
		return ZonedDateTime.of(java.time.LocalDateTime.parse(local), ZoneId.of("Europe/Paris"));
	}

	@Test
	void aWindowIncludesItsStartAndExcludesItsEnd() {
		assertThat(this.weekdayMornings.appliesAt(paris("2026-11-30T09:00"))).isTrue();
		assertThat(this.weekdayMornings.appliesAt(paris("2026-11-30T09:59"))).isTrue();
		assertThat(this.weekdayMornings.appliesAt(paris("2026-11-30T10:00"))).isFalse();
		assertThat(this.weekdayMornings.appliesAt(paris("2026-11-30T08:59"))).isFalse();
	}

	@Test
	void aWindowAppliesOnlyOnItsDaysInItsZone() {
		assertThat(this.weekdayMornings.appliesAt(paris("2026-11-29T09:30"))).isFalse();
		// 08:30 UTC is 09:30 in Paris in winter
		assertThat(this.weekdayMornings.appliesAt(ZonedDateTime.parse("2026-11-30T08:30:00Z"))).isTrue();
	}

	@Test
	void aWindowEndingBeforeItStartsWrapsPastMidnightOnTheDayItStarted() {
		DeclaredPreallocation fridayNight = new DeclaredPreallocation("acme", "db", 10, Set.of(DayOfWeek.FRIDAY),
				LocalTime.of(22, 0), LocalTime.of(2, 0), ZoneId.of("UTC"));

		assertThat(fridayNight.appliesAt(ZonedDateTime.parse("2026-12-04T23:00:00Z"))).isTrue();
		assertThat(fridayNight.appliesAt(ZonedDateTime.parse("2026-12-05T01:00:00Z"))).isTrue();
		assertThat(fridayNight.appliesAt(ZonedDateTime.parse("2026-12-05T02:00:00Z"))).isFalse();
		assertThat(fridayNight.appliesAt(ZonedDateTime.parse("2026-12-04T01:00:00Z"))).isFalse();
	}

	@Test
	void overlappingDeclarationsForOneSeriesTakeTheLarger() {
		DeclaredForecastSource source = new DeclaredForecastSource(
				List.of(DeclaredPreallocation.always("acme", "db", 50), this.weekdayMornings));

		assertThat(source.forecastsFor(Instant.parse("2026-11-30T08:30:00Z"), Duration.ofMinutes(1)))
			.containsEntry(new SeriesKey("acme", "db"), Forecast.exactly(300));
		assertThat(source.forecastsFor(Instant.parse("2026-11-30T12:00:00Z"), Duration.ofMinutes(1)))
			.containsEntry(new SeriesKey("acme", "db"), Forecast.exactly(50));
	}

}
