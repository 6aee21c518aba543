package io.github.predictivegateway.forecaster.training;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.forecaster.history.UsageHistory;
import io.github.predictivegateway.forecaster.model.LiveModel;
import io.github.predictivegateway.forecaster.model.ModelLoader;
import io.github.predictivegateway.forecaster.model.ModelRepository;
import io.github.predictivegateway.forecaster.testing.DailyTraffic;
import io.github.predictivegateway.forecasting.TrainingOptions;
import io.github.predictivegateway.forecasting.correlation.LeadLag;
import io.github.predictivegateway.forecasting.correlation.LeadLagDetector;
import io.github.predictivegateway.wire.SeriesKey;
import io.github.predictivegateway.wire.UsageRecord;

import static org.assertj.core.api.Assertions.assertThat;

class RetrainerTests {

	private static final long STEP = 300;

	private static final int DAY = 288;

	private static final SeriesKey ACME_DB = new SeriesKey("acme", "db");

	@TempDir
	Path dir;

	private final UsageHistory history = new UsageHistory(STEP, 24, DAY * 35);

	private Retrainer retrainer(long nowStep, double tolerance, ModelLoader loader) {
		Clock clock = Clock.fixed(Instant.ofEpochSecond(nowStep * STEP), ZoneOffset.UTC);
		return new Retrainer(this.history, new ModelRepository(this.dir), loader,
				TrainingOptions.builder().clock(clock).build(), new LeadLagDetector(12, 0.1), clock, DAY * 35,
				tolerance);
	}

	@Test
	void aSeriesWithHistoryGetsItsFirstVersionPublishedAndServed() {
		this.history.apply(DailyTraffic.records("acme", "db", STEP, 0, DAY * 4, 20, 1));
		ModelLoader loader = new ModelLoader(new ModelRepository(this.dir), (int) STEP);

		List<Retrainer.Outcome> outcomes = retrainer(DAY * 4, 0.02, loader).retrainAll();

		assertThat(outcomes).singleElement().satisfies(o -> {
			assertThat(o.promoted()).isTrue();
			assertThat(o.version()).isEqualTo(1);
		});
		assertThat(loader.get(ACME_DB)).get().extracting(LiveModel::version).isEqualTo(1);
	}

	@Test
	void retrainingWithoutNewUsageKeepsTheLiveVersion() {
		this.history.apply(DailyTraffic.records("acme", "db", STEP, 0, DAY * 4, 20, 1));
		ModelLoader loader = new ModelLoader(new ModelRepository(this.dir), (int) STEP);
		retrainer(DAY * 4, 0.02, loader).retrainAll();

		List<Retrainer.Outcome> again = retrainer(DAY * 4, 0.02, loader).retrainAll();

		assertThat(again).singleElement().satisfies(o -> {
			assertThat(o.promoted()).isFalse();
			assertThat(o.reason()).isEqualTo("no new usage since version 1 was trained");
		});
	}

	@Test
	void aCandidateWorseThanTheLiveVersionOnRecentDataIsNotPublished() {
		this.history.apply(DailyTraffic.records("acme", "db", STEP, 0, DAY * 4, 20, 1));
		ModelLoader loader = new ModelLoader(new ModelRepository(this.dir), (int) STEP);
		retrainer(DAY * 4, 0.02, loader).retrainAll();
		this.history.apply(DailyTraffic.records("acme", "db", STEP, DAY * 4, DAY * 6, 20, 2));

		// a tolerance of -0.99 asks for a candidate a hundred times better than the live
		// version
		List<Retrainer.Outcome> outcomes = retrainer(DAY * 6, -0.99, loader).retrainAll();

		assertThat(outcomes).singleElement().satisfies(o -> {
			assertThat(o.promoted()).isFalse();
			assertThat(o.reason()).startsWith("kept version 1: candidate");
		});
		assertThat(loader.get(ACME_DB)).get().extracting(LiveModel::version).isEqualTo(1);
	}

	@Test
	void aCandidateNotWorseThanTheLiveVersionIsPublishedAsTheNextVersion() {
		this.history.apply(DailyTraffic.records("acme", "db", STEP, 0, DAY * 4, 20, 1));
		ModelLoader loader = new ModelLoader(new ModelRepository(this.dir), (int) STEP);
		retrainer(DAY * 4, 0.02, loader).retrainAll();
		this.history.apply(DailyTraffic.records("acme", "db", STEP, DAY * 4, DAY * 6, 20, 2));

		List<Retrainer.Outcome> outcomes = retrainer(DAY * 6, 100, loader).retrainAll();

		assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.reason()).startsWith("candidate MASE"));
		assertThat(loader.get(ACME_DB)).get().extracting(LiveModel::version).isEqualTo(2);
	}

	@Test
	void aResourceTypeThatLeadsAnotherOfTheSameTenantIsFoundAndUsedAsRegressor() {
		List<UsageRecord> records = new ArrayList<>();
		java.util.Random random = new java.util.Random(11);
		double[] db = new double[DAY * 6];
		for (int t = 0; t < db.length; t++) {
			db[t] = Math.max(0, DailyTraffic.level(t, DAY, 30) * Math.exp(0.5 * random.nextGaussian()));
		}
		for (int t = 0; t < db.length; t++) {
			double compute = (t >= 3) ? 2 * db[t - 3] : 40;
			records
				.add(new UsageRecord("gw-1", "acme", "db", t * STEP, (long) db[t], (long) db[t], 0, 0, db[t], 0, 0, 0));
			records.add(new UsageRecord("gw-1", "acme", "compute", t * STEP, (long) compute, (long) compute, 0, 0,
					compute, 0, 0, 0));
		}
		this.history.apply(records);
		ModelLoader loader = new ModelLoader(new ModelRepository(this.dir), (int) STEP);

		Retrainer retrainer = retrainer(DAY * 6, 0.02, loader);
		retrainer.retrainAll();

		assertThat(retrainer.correlations()).extracting(LeadLag::leader, LeadLag::follower, LeadLag::lag)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("acme/db", "acme/compute", 3));
		assertThat(loader.get(new SeriesKey("acme", "compute"))).get()
			.satisfies(live -> assertThat(live.model().leader()).isEqualTo("acme/db"));
	}

}
