package io.github.predictivegateway.forecaster.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.forecaster.testing.DailyTraffic;
import io.github.predictivegateway.forecasting.ForecastTrainer;
import io.github.predictivegateway.forecasting.TrainedModel;
import io.github.predictivegateway.forecasting.TrainingOptions;
import io.github.predictivegateway.forecasting.series.SeriesHistory;
import io.github.predictivegateway.wire.SeriesKey;

import static org.assertj.core.api.Assertions.assertThat;

class ModelLoaderTests {

	private static final SeriesKey ACME_DB = new SeriesKey("acme", "db");

	private static TrainedModel model;

	@TempDir
	Path dir;

	@BeforeAll
	static void train() {
		double[] values = DailyTraffic.records("acme", "db", 300, 0, 288 * 3, 20, 7)
			.stream()
			.mapToDouble(r -> r.units())
			.toArray();
		model = ForecastTrainer.train(new SeriesHistory(ACME_DB.label(), 0, 300, values),
				TrainingOptions.builder()
					.clock(Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC))
					.build());
	}

	private ModelRepository repository() {
		return new ModelRepository(this.dir);
	}

	@Test
	void theNewestVersionIsServed() throws IOException {
		ModelRepository repository = repository();
		repository.publish(ACME_DB, model);
		repository.publish(ACME_DB, model);
		ModelLoader loader = new ModelLoader(repository, 300);

		loader.refresh();

		assertThat(loader.get(ACME_DB)).get().extracting(LiveModel::version).isEqualTo(2);
	}

	@Test
	void aNewVersionWrittenByAnotherSidecarIsPickedUp() throws IOException {
		ModelLoader loader = new ModelLoader(repository(), 300);
		loader.refresh();
		assertThat(loader.get(ACME_DB)).isEmpty();

		repository().publish(ACME_DB, model);
		loader.refresh();

		assertThat(loader.get(ACME_DB)).get().extracting(LiveModel::version).isEqualTo(1);
		assertThat(loader.generation()).isEqualTo(1);
	}

	@Test
	void aCorruptNewVersionIsRejectedAndThePreviousStaysInService() throws IOException {
		ModelRepository repository = repository();
		repository.publish(ACME_DB, model);
		ModelLoader loader = new ModelLoader(repository, 300);
		loader.refresh();
		ModelRepository.Version second = repository.publish(ACME_DB, model);
		String text = Files.readString(second.file());
		Files.writeString(second.file(), text.substring(0, text.length() / 2));

		loader.refresh();

		assertThat(loader.get(ACME_DB)).get().extracting(LiveModel::version).isEqualTo(1);
	}

	@Test
	void aHandEditedVersionFailsItsChecksumAndIsRejected() throws IOException {
		ModelRepository repository = repository();
		ModelRepository.Version only = repository.publish(ACME_DB, model);
		Files.writeString(only.file(), Files.readString(only.file()).replace("score.mase=", "score.mase=1"));
		ModelLoader loader = new ModelLoader(repository, 300);

		loader.refresh();

		assertThat(loader.get(ACME_DB)).isEmpty();
	}

	@Test
	void anArtifactOfAnotherSeriesOrStepIsRejected() throws IOException {
		ModelRepository repository = repository();
		repository.publish(new SeriesKey("globex", "db"), model);
		repository.publish(ACME_DB, model);
		ModelLoader wrongStep = new ModelLoader(repository, 60);

		ModelLoader rightStep = new ModelLoader(repository, 300);

		wrongStep.refresh();
		rightStep.refresh();

		assertThat(wrongStep.all()).isEmpty();
		assertThat(rightStep.all()).containsOnlyKeys(ACME_DB);
	}

	@Test
	void rollingBackTheLiveVersionPutsThePreviousOneBack() throws IOException {
		ModelRepository repository = repository();
		repository.publish(ACME_DB, model);
		ModelRepository.Version second = repository.publish(ACME_DB, model);
		ModelLoader loader = new ModelLoader(repository, 300);
		loader.refresh();

		repository.rollBack(second);
		loader.refresh();

		assertThat(loader.get(ACME_DB)).get().extracting(LiveModel::version).isEqualTo(1);
		assertThat(repository.versions(ACME_DB)).extracting(ModelRepository.Version::number).containsExactly(1);
	}

	@Test
	void versionFilesLiveInADirectoryPerSeriesWhateverTheTenantIdHolds() throws IOException {
		SeriesKey odd = new SeriesKey("../we{ird}:/tenant", "db");

		ModelRepository.Version version = repository().publish(odd, model);

		assertThat(version.file().getParent().getParent()).isEqualTo(this.dir);
		assertThat(repository().series()).contains(odd);
	}

}
