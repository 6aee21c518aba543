package io.github.predictivegateway.forecasting.artifact;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.forecasting.ForecastTrainer;
import io.github.predictivegateway.forecasting.TrainedModel;
import io.github.predictivegateway.forecasting.TrainingOptions;
import io.github.predictivegateway.forecasting.benchmark.SyntheticSeries;
import io.github.predictivegateway.forecasting.model.FittingScale;
import io.github.predictivegateway.forecasting.selection.SelectionResult;
import io.github.predictivegateway.forecasting.series.SeriesHistory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelArtifactCodecTests {

	private static final TrainingOptions OPTIONS = TrainingOptions.builder()
		.refitAllCandidates(true)
		.clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
		.build();

	private static final SeriesHistory SERIES = SyntheticSeries.generate("tenant-a:requests", 5, 16, 300, 3);

	private static final SelectionResult TRAINED = ForecastTrainer.trainAll(SERIES, null, 0, OPTIONS);

	private static String resign(String text) throws Exception {
		String body = text.substring(0, text.lastIndexOf("checksum=sha256:"));
		String hex = HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
		return body + "checksum=sha256:" + hex + "\n";
	}

	@Test
	void everyCandidateRoundTripsToIdenticalForecasts() throws Exception {
		SeriesHistory recent = SERIES.tail(288);
		for (TrainedModel m : TRAINED.candidates()) {
			TrainedModel back = ModelArtifactCodec.read(ModelArtifactCodec.write(m));
			assertThat(back.name()).isEqualTo(m.name());
			assertThat(back.model().state()).isEqualTo(m.model().state());
			assertThat(back.forecast(recent, 12).upper()).containsExactly(m.forecast(recent, 12).upper());
		}
	}

	@Test
	void keepsTheCalibrationAtForecastTime() throws Exception {
		TrainedModel back = ModelArtifactCodec.read(ModelArtifactCodec.write(TRAINED.served()));
		assertThat(back.recent()).isEqualTo(TRAINED.served().recent()).isNotNull();
	}

	@Test
	void readsAnArtifactOfTheFirstReleaseWithItsTrainedCalibrationAlone() throws Exception {
		TrainedModel harmonic = TRAINED.candidates()
			.stream()
			.filter(m -> m.name().equals("harmonic-ar"))
			.findFirst()
			.orElseThrow();
		String text = ModelArtifactCodec.write(harmonic);
		assertThat(text).doesNotContain("calibration.recent.");
		assertThat(ModelArtifactCodec.read(text).recent()).isNull();
	}

	@Test
	void keepsTheFittingScale() throws Exception {
		TrainedModel identity = ForecastTrainer.train(SERIES, OPTIONS.toBuilder().scale(FittingScale.IDENTITY).build());
		TrainedModel back = ModelArtifactCodec.read(ModelArtifactCodec.write(identity));
		assertThat(back.calibration().scale()).isEqualTo(FittingScale.IDENTITY);
		assertThat(back.forecast(SERIES, 12).mean()).containsExactly(identity.forecast(SERIES, 12).mean());
	}

	@Test
	void roundTripsThroughAFile(@TempDir Path dir) throws Exception {
		Path file = dir.resolve("model.txt");
		ModelArtifactCodec.writeFile(TRAINED.served(), file);
		assertThat(ModelArtifactCodec.readFile(file).reason()).isEqualTo(TRAINED.served().reason());
		assertThat(Files.list(dir)).containsExactly(file);
	}

	@Test
	void rejectsAFlippedDigitAsChecksumMismatch() {
		String text = ModelArtifactCodec.write(TRAINED.served());
		int i = text.indexOf("calibration.upper=") + "calibration.upper=".length() + 2;
		char c = text.charAt(i) == '1' ? '2' : '1';
		String edited = text.substring(0, i) + c + text.substring(i + 1);
		assertThatThrownBy(() -> ModelArtifactCodec.read(edited)).isInstanceOf(ArtifactFormatException.class)
			.hasMessageContaining("checksum mismatch");
	}

	@Test
	void rejectsATruncatedFile() {
		String text = ModelArtifactCodec.write(TRAINED.served());
		assertThatThrownBy(() -> ModelArtifactCodec.read(text.substring(0, text.length() / 2)))
			.isInstanceOf(ArtifactFormatException.class)
			.hasMessageContaining("truncated");
	}

	@Test
	void rejectsAnUnknownModelKindEvenWithAValidChecksum() throws Exception {
		String text = ModelArtifactCodec.write(TRAINED.served());
		String kind = TRAINED.served().model().kind().id();
		String edited = resign(text.replace("model.kind=" + kind, "model.kind=neural-magic"));
		assertThatThrownBy(() -> ModelArtifactCodec.read(edited)).isInstanceOf(ArtifactFormatException.class)
			.hasMessageContaining("unknown model kind 'neural-magic'");
	}

	@Test
	void rejectsNonFiniteNumbers() throws Exception {
		String text = ModelArtifactCodec.write(TRAINED.served());
		String edited = resign(text.replaceFirst("calibration\\.level=[^\\n]*", "calibration.level=NaN"));
		assertThatThrownBy(() -> ModelArtifactCodec.read(edited)).isInstanceOf(ArtifactFormatException.class)
			.hasMessageContaining("not finite");
	}

	@Test
	void rejectsAnotherVersion() throws Exception {
		String edited = resign(ModelArtifactCodec.write(TRAINED.served()).replace("version=1\n", "version=2\n"));
		assertThatThrownBy(() -> ModelArtifactCodec.read(edited)).isInstanceOf(ArtifactFormatException.class)
			.hasMessageContaining("unsupported format version 2");
	}

	@Test
	void rejectsParametersOfTheWrongShape() throws Exception {
		TrainedModel harmonic = TRAINED.candidates()
			.stream()
			.filter(m -> m.name().equals("harmonic-ar"))
			.findFirst()
			.orElseThrow();
		String edited = resign(ModelArtifactCodec.write(harmonic).replaceFirst("(model\\.param\\.beta=)[^,]*,", "$1"));
		assertThatThrownBy(() -> ModelArtifactCodec.read(edited)).isInstanceOf(ArtifactFormatException.class)
			.hasMessageContaining("'beta'");
	}

}
