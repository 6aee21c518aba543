package io.github.predictivegateway.forecaster.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.forecaster.testing.DailyTraffic;
import io.github.predictivegateway.forecasting.ForecastTrainer;
import io.github.predictivegateway.forecasting.TrainedModel;
import io.github.predictivegateway.forecasting.TrainingOptions;
import io.github.predictivegateway.forecasting.artifact.ModelArtifactCodec;
import io.github.predictivegateway.forecasting.series.SeriesHistory;
import io.github.predictivegateway.wire.SeriesKey;

import static org.assertj.core.api.Assertions.assertThat;

class ModelRepositoryTests {

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

	@Test
	void writersSharingTheDirectoryNeverOverwriteOrTearAVersion() throws Exception {
		// two repositories stand for two sidecar processes (their locks are separate); 4
		// threads, 10 versions each
		List<ModelRepository> writers = List.of(new ModelRepository(this.dir), new ModelRepository(this.dir));
		ExecutorService threads = Executors.newFixedThreadPool(4);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<List<Integer>>> published = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			ModelRepository writer = writers.get(t % 2);
			Callable<List<Integer>> task = () -> {
				start.await();
				List<Integer> numbers = new ArrayList<>();
				for (int i = 0; i < 10; i++) {
					numbers.add(writer.publish(ACME_DB, model).number());
				}
				return numbers;
			};
			published.add(threads.submit(task));
		}
		start.countDown();
		List<Integer> numbers = new ArrayList<>();
		for (Future<List<Integer>> f : published) {
			numbers.addAll(f.get());
		}
		threads.shutdown();

		assertThat(numbers).hasSize(40).doesNotHaveDuplicates().allMatch(n -> n >= 1 && n <= 40);
		List<ModelRepository.Version> versions = new ModelRepository(this.dir).versions(ACME_DB);
		assertThat(versions).extracting(ModelRepository.Version::number).hasSize(40);
		for (ModelRepository.Version version : versions) {
			assertThat(ModelArtifactCodec.readFile(version.file()).seriesName()).isEqualTo(ACME_DB.label());
		}
		try (Stream<Path> files = Files.list(this.dir.resolve(ModelRepository.directoryName(ACME_DB)))) {
			assertThat(files.map(f -> f.getFileName().toString())).as("no temporary file left")
				.allMatch(name -> name.endsWith(".model"));
		}
	}

}
