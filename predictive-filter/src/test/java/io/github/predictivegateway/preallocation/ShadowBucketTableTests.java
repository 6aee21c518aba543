package io.github.predictivegateway.preallocation;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.time.Steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Where the request path finds a grant, on 10 s steps: step {@code s} holds the nanos
 * {@code [s × 10 s, (s + 1) × 10 s)}.
 */
class ShadowBucketTableTests {

	private static final long STEP_NANOS = Duration.ofSeconds(10).toNanos();

	private final Steps steps = new Steps(Duration.ofSeconds(10));

	private final ResourceType db = new ResourceType("db", 0, 10);

	private final ResourceType cpu = new ResourceType("cpu", 1, 10);

	private final ShadowBucketTable table = new ShadowBucketTable(this.steps, 2);

	private StepGrants grants(long step, long units) {
		return StepGrants.builder(step, 2).grant("acme", this.db, units).build();
	}

	/** An instant {@code seconds} into step {@code step}. */
	private static long in(long step, long seconds) {
		return step * STEP_NANOS + Duration.ofSeconds(seconds).toNanos();
	}

	private long grantedAt(long nowNanos) {
		ShadowBucket bucket = this.table.find("acme", this.db, nowNanos);
		return (bucket != null) ? bucket.granted() : -1;
	}

	@Test
	void nothingIsFoundBeforeAnyGrantIsInstalled() {
		assertThat(this.table.grantsAt(in(100, 0))).isNull();
		assertThat(this.table.find("acme", this.db, in(100, 0))).isNull();
	}

	@Test
	void grantsOfTheCurrentStepAreFoundAtOnce() {
		this.table.install(grants(100, 30), in(100, 5));

		assertThat(grantedAt(in(100, 5))).isEqualTo(30);
	}

	@Test
	void grantsOfTheNextStepTakeOverAtItsFirstInstantNotBefore() {
		this.table.install(grants(100, 30), in(100, 0));
		this.table.install(grants(101, 40), in(100, 8));

		assertThat(grantedAt(in(100, 9))).isEqualTo(30);
		assertThat(grantedAt(in(101, 0))).isEqualTo(40);
	}

	@Test
	void grantsOfAStepThatHasEndedAreNeverFound() {
		this.table.install(grants(100, 30), in(100, 0));

		assertThat(grantedAt(in(101, 0))).isEqualTo(-1);
		assertThat(this.table.grantsAt(in(102, 0))).isNull();
	}

	@Test
	void grantsInstalledForTheCurrentStepStayWhenTheNextStepsAreInstalledBeforeAnyLookup() {
		this.table.install(grants(100, 30), in(100, 1));
		this.table.install(grants(101, 40), in(100, 2));

		assertThat(grantedAt(in(100, 3))).isEqualTo(30);
	}

	@Test
	void aStepTakenOverStaysWhenTheStepAfterItIsInstalled() {
		this.table.install(grants(100, 30), in(100, 0));
		this.table.install(grants(101, 40), in(100, 8));
		assertThat(grantedAt(in(101, 0))).isEqualTo(40);

		this.table.install(grants(102, 50), in(101, 8));

		assertThat(grantedAt(in(101, 9))).isEqualTo(40);
		assertThat(grantedAt(in(102, 0))).isEqualTo(50);
	}

	@Test
	void aTenantOrResourceWithoutAGrantFindsNoBucket() {
		this.table.install(grants(100, 30), in(100, 0));

		assertThat(this.table.find("globex", this.db, in(100, 1))).isNull();
		assertThat(this.table.find("acme", this.cpu, in(100, 1))).isNull();
	}

	@Test
	void theLastSixGrantsInstalledAreKeptForTheirSteps() {
		for (long step = 100; step <= 106; step++) {
			this.table.install(grants(step, step), in(step, 0));
		}

		assertThat(this.table.installed(100)).isNull();
		assertThat(this.table.installed(101).totalGranted(this.db)).isEqualTo(101);
		assertThat(this.table.installed(106).totalGranted(this.db)).isEqualTo(106);
		assertThat(this.table.installed(107)).isNull();
	}

	@Test
	void aStepInstalledTwiceIsReadAsItsLatestGrants() {
		this.table.install(grants(100, 30), in(100, 0));
		this.table.install(grants(100, 35), in(100, 1));

		assertThat(this.table.installed(100).totalGranted(this.db)).isEqualTo(35);
		assertThat(grantedAt(in(100, 2))).isEqualTo(35);
	}

	@Test
	void aGrantOfZeroUnitsMakesNoBucketAndOneUnitDoes() {
		StepGrants grants = StepGrants.builder(100, 2)
			.grant("acme", this.db, 0)
			.grant("globex", this.db, 1)
			.grant("globex", this.cpu, 7)
			.grant("initech", this.cpu, 5)
			.build();

		assertThat(grants.shadowBucket("acme", this.db)).isNull();
		assertThat(grants.byTenant()).containsOnlyKeys("globex", "initech");
		assertThat(grants.shadowBucket("globex", this.db).granted()).isEqualTo(1);
		assertThat(grants.totalGranted(this.db)).isEqualTo(1);
		assertThat(grants.totalGranted(this.cpu)).isEqualTo(12);
	}

	@Test
	void theGrantsOfAStepCannotBeChangedFromOutside() {
		StepGrants grants = grants(100, 30);

		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> grants.byTenant().remove("acme"));
		assertThat(StepGrants.empty(100, 2).byTenant()).isEmpty();
	}

}
