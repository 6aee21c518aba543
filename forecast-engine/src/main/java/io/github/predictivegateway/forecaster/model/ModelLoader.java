package io.github.predictivegateway.forecaster.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.predictivegateway.forecasting.TrainedModel;
import io.github.predictivegateway.forecasting.artifact.ArtifactFormatException;
import io.github.predictivegateway.forecasting.artifact.ModelArtifactCodec;
import io.github.predictivegateway.wire.SeriesKey;

/**
 * Keeps the newest valid version of every series' model in service. {@link #refresh()}
 * (called on a schedule, and after this sidecar publishes) looks at the model directory:
 * a version newer than the live one is read and validated (checksum, format, finite
 * parameters, its series and step); a version that fails is rejected with the reason
 * logged, remembered so it is not read again until its file changes, and the previous
 * version stays live. When the live version's file is gone (rolled back), the newest
 * valid older version takes over.
 */
public final class ModelLoader {

	private static final Log logger = LogFactory.getLog(ModelLoader.class);

	private final ModelRepository repository;

	private final int stepSeconds;

	private final Map<SeriesKey, LiveModel> live = new ConcurrentHashMap<>();

	private final Map<String, FileTime> rejected = new ConcurrentHashMap<>();

	private final AtomicLong generation = new AtomicLong();

	public ModelLoader(ModelRepository repository, int stepSeconds) {
		this.repository = repository;
		this.stepSeconds = stepSeconds;
	}

	/** Loads what changed in the model directory. */
	public synchronized void refresh() {
		for (SeriesKey series : this.repository.series()) {
			refresh(series);
		}
	}

	/** Loads what changed for one series. */
	public synchronized void refresh(SeriesKey series) {
		List<ModelRepository.Version> versions = this.repository.versions(series);
		LiveModel current = this.live.get(series);
		boolean currentStillThere = current != null && versions.stream().anyMatch(v -> v.number() == current.version());
		for (int i = versions.size() - 1; i >= 0; i--) {
			ModelRepository.Version version = versions.get(i);
			if (currentStillThere && version.number() <= current.version()) {
				return;
			}
			Optional<TrainedModel> model = load(version);
			if (model.isPresent()) {
				this.live.put(series, new LiveModel(series, version.number(), model.get()));
				this.generation.incrementAndGet();
				logger.info("Serving " + series.label() + " model version " + version.number() + " ("
						+ model.get().name() + ")");
				return;
			}
		}
		if (current != null && !currentStillThere) {
			this.live.remove(series);
			this.generation.incrementAndGet();
			logger.warn("No valid model version left for " + series.label() + "; it has no forecast until retrained");
		}
	}

	private Optional<TrainedModel> load(ModelRepository.Version version) {
		String key = version.file().toString();
		try {
			FileTime modified = Files.getLastModifiedTime(version.file());
			if (modified.equals(this.rejected.get(key))) {
				return Optional.empty();
			}
			try {
				TrainedModel model = ModelArtifactCodec.readFile(version.file());
				check(version, model);
				this.rejected.remove(key);
				return Optional.of(model);
			}
			catch (ArtifactFormatException ex) {
				this.rejected.put(key, modified);
				logger.warn("Rejected model artifact " + version.file() + ": " + ex.getMessage()
						+ "; the previous version stays in service");
				return Optional.empty();
			}
		}
		catch (IOException ex) {
			logger.warn("Cannot read model artifact " + version.file() + ": " + ex.getMessage());
			return Optional.empty();
		}
	}

	private void check(ModelRepository.Version version, TrainedModel model) throws ArtifactFormatException {
		if (!model.seriesName().equals(version.series().label())) {
			throw new ArtifactFormatException(
					"it is for series '" + model.seriesName() + "', not '" + version.series().label() + "'");
		}
		if (model.stepSeconds() != this.stepSeconds) {
			throw new ArtifactFormatException(
					"its step is " + model.stepSeconds() + " s; this sidecar runs " + this.stepSeconds + " s steps");
		}
	}

	public Optional<LiveModel> get(SeriesKey series) {
		return Optional.ofNullable(this.live.get(series));
	}

	public Map<SeriesKey, LiveModel> all() {
		return Map.copyOf(this.live);
	}

	/**
	 * Changes whenever a live model changes: part of the forecast snapshot's identity.
	 */
	public long generation() {
		return this.generation.get();
	}

}
