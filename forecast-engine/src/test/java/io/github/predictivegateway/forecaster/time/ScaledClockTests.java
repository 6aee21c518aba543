package io.github.predictivegateway.forecaster.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScaledClockTests {

	private static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void tenRealSecondsAfterTheOriginAreTenVirtualMinutesAtSixtyTimes() {
		Clock real = Clock.fixed(Instant.parse("2026-01-01T00:00:10.25Z"), ZoneOffset.UTC);

		assertThat(ScaledClock.of(real, ORIGIN, 60).instant()).isEqualTo(Instant.parse("2026-01-01T00:10:15Z"));
	}

	@Test
	void aScaleOfOneIsTheRealClockItself() {
		Clock real = Clock.systemUTC();

		assertThat(ScaledClock.of(real, ORIGIN, 1)).isSameAs(real);
	}

}
