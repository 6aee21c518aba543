package io.github.predictivegateway.wire;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CompressedTimeTests {

	private static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");

	private static final long ORIGIN_NANOS = ORIGIN.getEpochSecond() * 1_000_000_000L;

	private final CompressedTime sixty = new CompressedTime(ORIGIN, 60);

	@Test
	void oneRealSecondAfterTheOriginIsAVirtualMinuteAfterIt() {
		assertThat(this.sixty.virtualEpochNanos(ORIGIN_NANOS + 1_000_000_000L))
			.isEqualTo(ORIGIN_NANOS + 60_000_000_000L);
	}

	@Test
	void beforeTheOriginVirtualTimeRunsBackwardsAsFast() {
		assertThat(this.sixty.virtualEpochNanos(ORIGIN_NANOS - 1_500_000_000L))
			.isEqualTo(ORIGIN_NANOS - 90_000_000_000L);
	}

	@Test
	void theInstantFormFollowsTheSameRule() {
		assertThat(this.sixty.virtualInstant(Instant.parse("2026-01-01T00:00:01.5Z")))
			.isEqualTo(Instant.parse("2026-01-01T00:01:30Z"));
		assertThat(this.sixty.virtualInstant(Instant.parse("2025-12-31T23:59:59.999999999Z")))
			.isEqualTo(Instant.parse("2025-12-31T23:59:59.99999994Z"));
	}

	@Test
	void theClockFormReadsTheRealClockInCompressedTime() {
		Clock real = Clock.fixed(Instant.parse("2026-01-01T00:00:10.25Z"), ZoneOffset.UTC);

		Clock virtual = CompressedTime.clock(real, ORIGIN, 60);

		assertThat(virtual.instant()).isEqualTo(Instant.parse("2026-01-01T00:10:15Z"));
		assertThat(virtual.getZone()).isEqualTo(ZoneOffset.UTC);
	}

	@Test
	void aClockAtScaleOneIsTheRealClockItself() {
		Clock real = Clock.systemUTC();

		assertThat(CompressedTime.clock(real, ORIGIN, 1)).isSameAs(real);
	}

	@Test
	void aScaleOfOneIsRealTime() {
		CompressedTime real = new CompressedTime(ORIGIN, 1);

		assertThat(real.virtualEpochNanos(ORIGIN_NANOS + 123_456_789L)).isEqualTo(ORIGIN_NANOS + 123_456_789L);
	}

	@Test
	void aScaleBelowOneOrNotFiniteIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new CompressedTime(ORIGIN, 0.5))
			.withMessage("time scale must be a finite number >= 1, got 0.5");
		assertThatIllegalArgumentException().isThrownBy(() -> new CompressedTime(ORIGIN, Double.NaN));
		assertThatIllegalArgumentException().isThrownBy(() -> new CompressedTime(ORIGIN, Double.POSITIVE_INFINITY));
	}

	@Test
	void virtualTimeBeyondTheRangeOfEpochNanosecondsIsAnError() {
		CompressedTime huge = new CompressedTime(ORIGIN, 1e9);

		assertThatExceptionOfType(ArithmeticException.class)
			.isThrownBy(() -> huge.virtualEpochNanos(ORIGIN_NANOS + 1_000_000_000_000L));
	}

}
