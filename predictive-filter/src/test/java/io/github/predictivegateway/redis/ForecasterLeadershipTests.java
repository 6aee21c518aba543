package io.github.predictivegateway.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster's one embedded forecaster: who leads, how another takes over, and why a
 * deposed leader can no longer write forecasts; against a real Redis. The lease is long
 * (no renewal misses it on a loaded machine); a lapse is made by deleting the lease, as
 * Redis does when it expires, and expiries are read from Redis ({@code PTTL}), not waited
 * for.
 */
class ForecasterLeadershipTests {

	private static final Duration LEASE = Duration.ofSeconds(30);

	private final RedisFixture redis = new RedisFixture();

	@AfterEach
	void cleanUp() throws Exception {
		this.redis.close();
	}

	private ForecasterLeadership instance() {
		return this.redis.closeAfter(
				new ForecasterLeadership(this.redis.connector(), this.redis.keys(), RedisFixture.guard(), LEASE));
	}

	private void lapse() {
		this.redis.redis().command("DEL", this.redis.prefix() + "{forecaster}:leader");
	}

	private long snapshotTtlMillis() {
		return Long
			.parseLong(this.redis.redis().command("PTTL", this.redis.prefix() + "{forecaster}:snapshot").substring(1));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void theFirstToAskLeadsAndTheOthersFollow() {
		ForecasterLeadership a = instance();
		ForecasterLeadership b = instance();
		ForecasterLeadership c = instance();
		assertThat(a.renew()).isEqualTo(1);
		assertThat(b.renew()).isZero();
		assertThat(c.renew()).isZero();
		assertThat(a.renew()).as("renewing keeps the epoch").isEqualTo(1);
		assertThat(List.of(a.isLeader(), b.isLeader(), c.isLeader())).containsExactly(true, false, false);
	}

	@Test
	void whenTheLeaderStopsRenewingAnotherTakesOverAfterTheLeaseWithAHigherEpoch() {
		ForecasterLeadership a = instance();
		ForecasterLeadership b = instance();
		a.renew();
		assertThat(b.renew()).isZero();
		lapse();
		assertThat(b.renew()).isEqualTo(2);
		assertThat(a.renew()).as("the old leader finds the new one").isZero();
	}

	@Test
	void aDeposedLeaderCannotOverwriteItsSuccessorsForecasts() {
		ForecasterLeadership a = instance();
		ForecasterLeadership b = instance();
		long first = a.renew();
		assertThat(a.publish(first, bytes("from a")).join()).isTrue();
		lapse();
		long second = b.renew();
		assertThat(b.publish(second, bytes("from b")).join()).isTrue();

		assertThat(a.publish(first, bytes("late, from a")).join()).as("fenced by the epoch").isFalse();
		assertThat(new String(b.snapshot().join(), StandardCharsets.UTF_8)).isEqualTo("from b");
	}

	@Test
	void aLeaderThatClosesGivesTheLeaseUpAtOnce() throws Exception {
		ForecasterLeadership a = instance();
		ForecasterLeadership b = instance();
		a.renew();
		a.close();
		assertThat(b.renew()).as("no need to wait for the lease to lapse").isEqualTo(2);
	}

	@Test
	void closingAFollowerLeavesTheLeaderAlone() throws Exception {
		ForecasterLeadership a = instance();
		ForecasterLeadership b = instance();
		a.renew();
		b.renew();
		b.close();
		assertThat(a.renew()).isEqualTo(1);
	}

	@Test
	void aSnapshotIsKeptForThreeLeasesAndEachKeepExtendsIt() {
		ForecasterLeadership a = instance();
		long epoch = a.renew();
		a.publish(epoch, bytes("forecasts")).join();
		assertThat(snapshotTtlMillis()).isPositive().isLessThanOrEqualTo(3 * LEASE.toMillis());
		this.redis.redis().command("PEXPIRE", this.redis.prefix() + "{forecaster}:snapshot", "1000");

		assertThat(a.publish(epoch, null).join()).as("kept: its expiry extended").isTrue();

		assertThat(snapshotTtlMillis()).isGreaterThan(1000).isLessThanOrEqualTo(3 * LEASE.toMillis());
		assertThat(new String(a.snapshot().join(), StandardCharsets.UTF_8)).isEqualTo("forecasts");
	}

	/**
	 * With a refresh longer than the lease (compressed time: a 1 s lease, the 10 s
	 * refresh) the snapshot is kept for three refreshes, so it does not lapse between the
	 * leader's writes and the followers' reads.
	 */
	@Test
	void aSnapshotIsKeptForThreeRefreshesWhenTheyAreLongerThanTheLease() {
		ForecasterLeadership a = this.redis.closeAfter(new ForecasterLeadership(this.redis.connector(),
				this.redis.keys(), RedisFixture.guard(), Duration.ofSeconds(1), Duration.ofSeconds(10)));
		long epoch = a.renew();

		a.publish(epoch, bytes("forecasts")).join();

		assertThat(snapshotTtlMillis()).isGreaterThan(20_000).isLessThanOrEqualTo(30_000);
	}

}
