package io.github.predictivegateway.forecaster.snapshot;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import io.github.predictivegateway.forecaster.history.UsageHistory;
import io.github.predictivegateway.forecaster.model.ModelLoader;
import io.github.predictivegateway.forecaster.model.ModelRepository;
import io.github.predictivegateway.forecaster.testing.DailyTraffic;
import io.github.predictivegateway.forecaster.training.Retrainer;
import io.github.predictivegateway.forecasting.TrainingOptions;
import io.github.predictivegateway.forecasting.correlation.LeadLagDetector;
import io.github.predictivegateway.wire.ForecastSnapshot;
import io.github.predictivegateway.wire.SeriesKey;
import io.github.predictivegateway.wire.UsageRecord;

import static org.assertj.core.api.Assertions.assertThat;

class ForecastSnapshotsTests {

	private static final long STEP = 300;

	private static final int DAY = 288;

	@TempDir
	Path dir;

	private final UsageHistory history = new UsageHistory(STEP, 24, DAY * 35);

	private final Clock clock = Clock.fixed(Instant.ofEpochSecond(DAY * 4 * STEP + 10), ZoneOffset.UTC);

	private ModelLoader loader;

	private ForecastSnapshots snapshots;

	@BeforeEach
	void trainOneSeries() {
		this.history.apply(DailyTraffic.records("acme", "db", STEP, 0, DAY * 4, 20, 1));
		this.loader = new ModelLoader(new ModelRepository(this.dir), (int) STEP);
		new Retrainer(this.history, new ModelRepository(this.dir), this.loader,
				TrainingOptions.builder().clock(this.clock).build(), new LeadLagDetector(12, 0.1), this.clock, DAY * 35,
				0.02)
			.retrainAll();
		this.snapshots = new ForecastSnapshots(this.history, this.loader, this.clock, 12, DAY * 2);
	}

	private ForecastSnapshot body() {
		return JsonMapper.builder().build().readValue(this.snapshots.current().body(), ForecastSnapshot.class);
	}

	@Test
	void everyPointCarriesItsQuantilesInIncreasingOrder() {
		ForecastSnapshot snapshot = this.snapshots.current().snapshot();

		assertThat(snapshot.series().get(0).points()).allSatisfy(p -> {
			assertThat(p.quantiles().keySet()).containsExactly(0.5, 0.9, 0.95, 0.975, 0.99);
			List<Double> values = List.copyOf(p.quantiles().values());
			for (int i = 1; i < values.size(); i++) {
				assertThat(values.get(i)).isGreaterThanOrEqualTo(values.get(i - 1));
			}
			assertThat(p.quantiles().get(0.975)).isEqualTo(p.upper());
		});
	}

	@Test
	void theSnapshotForecastsTheCurrentStepAndTheNextOnes() {
		ForecastSnapshot snapshot = body();

		assertThat(snapshot.step()).isEqualTo("PT5M");
		assertThat(snapshot.series()).singleElement().satisfies(series -> {
			assertThat(series.tenant()).isEqualTo("acme");
			assertThat(series.resource()).isEqualTo("db");
			assertThat(series.modelVersion()).isEqualTo(1);
			assertThat(series.points()).hasSize(12);
			assertThat(series.points().get(0).start()).isEqualTo(Instant.ofEpochSecond(DAY * 4 * STEP));
			assertThat(series.points().get(11).start()).isEqualTo(Instant.ofEpochSecond((DAY * 4 + 11) * STEP));
			assertThat(series.points()).allSatisfy(p -> {
				assertThat(p.lower()).isBetween(0.0, p.mean());
				assertThat(p.upper()).isGreaterThanOrEqualTo(p.mean());
			});
		});
	}

	@Test
	void theForecastFollowsTheDailyRhythmItWasTrainedOn() {
		ForecastSnapshot.Point first = body().series().get(0).points().get(0);

		double expected = DailyTraffic.level(DAY * 4, DAY, 20);
		assertThat(first.mean()).isBetween(expected * 0.7, expected * 1.3);
		assertThat(first.lower()).isLessThan(expected);
		assertThat(first.upper()).isGreaterThan(expected);
	}

	@Test
	void theEntityTagStaysWhileNothingChanges() {
		String etag = this.snapshots.current().etag();

		assertThat(this.snapshots.current().etag()).isEqualTo(etag);
		assertThat(this.snapshots.current()).isSameAs(this.snapshots.current());
	}

	@Test
	void newUsageMakesANewSnapshotWithANewEntityTag() {
		String etag = this.snapshots.current().etag();

		this.history.apply(List.of(new io.github.predictivegateway.wire.UsageRecord("gw-1", "acme", "db",
				(DAY * 4 - 1) * STEP, 500, 500, 0, 0, 500, 0, 0, 0)));

		assertThat(this.snapshots.current().etag()).isNotEqualTo(etag);
	}

	@Test
	void theOneStepAheadForecastServedIsScoredOnceItsStepHasClosed() {
		AtomicReference<Instant> now = new AtomicReference<>(this.clock.instant());
		ForecastSnapshots served = new ForecastSnapshots(this.history, this.loader, new Clock() {

			@Override
			public ZoneId getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(ZoneId zone) {
				return this;
			}

			@Override
			public Instant instant() {
				return now.get();
			}

		}, 12, DAY * 2);
		ForecastSnapshot.Point next = JsonMapper.builder()
			.build()
			.readValue(served.current().body(), ForecastSnapshot.class)
			.series()
			.get(0)
			.points()
			.get(1);
		long nextStep = DAY * 4 + 1;
		SeriesKey acme = new SeriesKey("acme", "db");
		assertThat(served.accuracy(acme).points()).isZero();

		// the step forecast comes with demand far above its upper bound, and closes
		this.history.apply(List
			.of(new UsageRecord("gw-1", "acme", "db", nextStep * STEP, 1, 1, 0, 0, next.upper() + 100, 0, 0, 0)));
		now.set(Instant.ofEpochSecond((nextStep + 1) * STEP + 10));

		LiveModelAccuracy.Accuracy accuracy = served.accuracy(acme);
		assertThat(accuracy.points()).isEqualTo(1);
		assertThat(accuracy.coverage()).isZero();
		assertThat(accuracy.mase()).isPositive();
	}

}
