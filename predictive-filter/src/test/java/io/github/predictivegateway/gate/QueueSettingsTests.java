package io.github.predictivegateway.gate;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.admission.Decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/** The queue's bounds as configured, at their edges, and the priority classes. */
class QueueSettingsTests {

	private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

	@Test
	void boundsAtTheirEdgesAreAccepted() {
		QueueSettings settings = new QueueSettings(0, Duration.ZERO, FIVE_MINUTES);

		assertThat(settings.maxWait(PriorityClass.PREALLOCATED)).isZero();
		assertThat(settings.maxWait(PriorityClass.STANDARD)).isEqualTo(FIVE_MINUTES);
	}

	@Test
	void aNegativeLengthIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new QueueSettings(-1, Duration.ZERO, Duration.ZERO))
			.withMessage("max-length is -1; it must be 0 (nobody waits) or more");
	}

	@Test
	void aWaitBeyondFiveMinutesIsRefusedForEitherClass() {
		Duration tooLong = FIVE_MINUTES.plusNanos(1);
		assertThatIllegalArgumentException().isThrownBy(() -> new QueueSettings(1, tooLong, Duration.ZERO))
			.withMessage("max-wait.preallocated is PT5M0.000000001S; it must be from 0 (never wait) to 300s, since "
					+ "a client waits that long for an answer");
		assertThatIllegalArgumentException().isThrownBy(() -> new QueueSettings(1, Duration.ZERO, tooLong))
			.withMessageStartingWith("max-wait.standard is PT5M0.000000001S");
	}

	@Test
	void aNegativeOrMissingWaitIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new QueueSettings(1, Duration.ofNanos(-1), Duration.ZERO))
			.withMessageStartingWith("max-wait.preallocated is PT-0.000000001S");
		assertThatIllegalArgumentException().isThrownBy(() -> new QueueSettings(1, Duration.ZERO, Duration.ofNanos(-1)))
			.withMessageStartingWith("max-wait.standard is PT-0.000000001S");
		assertThatNullPointerException().isThrownBy(() -> new QueueSettings(1, Duration.ZERO, null))
			.withMessage("max-wait.standard");
	}

	@Test
	void theDefaultsAreAThousandWaitingThreeSecondsAndOne() {
		assertThat(QueueSettings.defaults())
			.isEqualTo(new QueueSettings(1000, Duration.ofSeconds(3), Duration.ofSeconds(1)));
	}

	@Test
	void onlyAdmittedDecisionsHaveAPriorityClass() {
		assertThat(PriorityClass.of(Decision.PREALLOCATED)).isEqualTo(PriorityClass.PREALLOCATED);
		assertThat(PriorityClass.of(Decision.STANDARD)).isEqualTo(PriorityClass.STANDARD);
		assertThatIllegalArgumentException().isThrownBy(() -> PriorityClass.of(Decision.THROTTLED))
			.withMessage("only admitted requests enter the queue, not THROTTLED");
		assertThat(PriorityClass.all()).extracting(PriorityClass::tagValue).containsExactly("preallocated", "standard");
	}

}
