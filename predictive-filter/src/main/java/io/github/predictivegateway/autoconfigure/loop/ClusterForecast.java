package io.github.predictivegateway.autoconfigure.loop;

import java.util.Arrays;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.forecast.ForecastSnapshotReader;
import io.github.predictivegateway.forecast.SnapshotForecastSource;
import io.github.predictivegateway.forecaster.usage.RedisUsageReader;
import io.github.predictivegateway.redis.ForecasterLeadership;
import io.github.predictivegateway.wire.ForecastSnapshot;
import io.github.predictivegateway.wire.ForecastSnapshotCodec;
import io.github.predictivegateway.wire.WireFormatException;

/**
 * The embedded forecaster of an instance in distributed mode without a sidecar: one of
 * several, of which exactly one leads ({@link ForecasterLeadership}). Every instance
 * reads every instance's usage from the Redis usage stream into its own engine (so any of
 * them can take over with the whole history); only the leader retrains and publishes its
 * snapshot to Redis, and every instance, the leader included, serves the leader's
 * forecasts. An instance that becomes leader retrains at once.
 */
final class ClusterForecast {

	private static final Log logger = LogFactory.getLog(ClusterForecast.class);

	private final EmbeddedForecaster forecaster;

	private final ForecasterLeadership leadership;

	private final Supplier<RedisUsageReader> intakeOpener;

	private @Nullable RedisUsageReader intake;

	private final int maxEntriesPerRead;

	private byte @Nullable [] lastRead;

	private volatile @Nullable ForecastSnapshot lastPublished;

	/** The epoch this instance last led with (0: never led): retrained for it. */
	private long ledEpoch;

	/**
	 * @param intake opens the reader of the usage stream (its own connection, so at the
	 * first poll, not at start-up: the gateway starts without Redis)
	 */
	ClusterForecast(EmbeddedForecaster forecaster, ForecasterLeadership leadership, Supplier<RedisUsageReader> intake,
			int maxEntriesPerRead) {
		this.forecaster = forecaster;
		this.leadership = leadership;
		this.intakeOpener = intake;
		this.maxEntriesPerRead = maxEntriesPerRead;
	}

	/**
	 * Renews (or takes) the lease; retrains at once on becoming leader under a new epoch.
	 * A renewal that failed (a slow Redis) and then finds the lease still this
	 * instance's, under the epoch it led with, is no new leadership: no other leader can
	 * have trained meanwhile, so its model is still the cluster's and it does not retrain
	 * (on a loaded machine it otherwise retrained at every missed renewal).
	 */
	void lead() {
		boolean was = this.leadership.isLeader();
		long epoch = this.leadership.renew();
		if (epoch > 0 && epoch != this.ledEpoch) {
			this.ledEpoch = epoch;
			logger.info("This instance now runs the cluster's forecaster (epoch " + epoch + ")");
			retrain();
		}
		else if (epoch == 0 && was) {
			logger.info("This instance does not run the cluster's forecaster now (its lease was not renewed)");
		}
	}

	/** Reads the usage stream until it has nothing new. */
	synchronized void intake() {
		try {
			if (this.intake == null) {
				this.intake = this.intakeOpener.get();
			}
			while (this.intake.poll().entries() >= this.maxEntriesPerRead) {
				// a full read: there may be more
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Reading the usage stream failed (retried at the next poll): " + ex.getMessage());
		}
	}

	void retrain() {
		if (this.leadership.isLeader()) {
			this.forecaster.retrain();
		}
	}

	/**
	 * The leader publishes its snapshot (fenced by its epoch) and serves it; the others
	 * serve the last one published.
	 */
	void refreshInto(ForecastSnapshotReader reader, SnapshotForecastSource target) {
		long epoch = this.leadership.epoch();
		if (epoch > 0) {
			ForecastSnapshot snapshot = this.forecaster.current();
			boolean unchanged = snapshot.equals(this.lastPublished);
			// remembered only once written (or kept): after a failed write, or an expiry
			// extended on nothing, the next refresh writes it whole
			this.leadership.publish(epoch, unchanged ? null : ForecastSnapshotCodec.write(snapshot))
				.whenComplete((written, ex) -> this.lastPublished = (ex == null && written) ? snapshot : null);
			this.forecaster.accept(snapshot, reader, target);
			return;
		}
		this.lastPublished = null;
		byte[] published;
		try {
			published = this.leadership.snapshot().join();
		}
		catch (RuntimeException ex) {
			return;
		}
		if (published == null) {
			return;
		}
		if (Arrays.equals(published, this.lastRead)) {
			target.confirm();
			return;
		}
		try {
			this.forecaster.accept(ForecastSnapshotCodec.read(published), reader, target);
			this.lastRead = published;
		}
		catch (WireFormatException ex) {
			logger.warn("The cluster's forecast snapshot in Redis is unreadable: " + ex.getMessage());
		}
	}

}
