package io.github.predictivegateway.sidecar.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.github.predictivegateway.forecaster.ForecasterEngine;
import io.github.predictivegateway.forecaster.snapshot.LiveModelAccuracy;
import io.github.predictivegateway.forecaster.training.Retrainer;
import io.github.predictivegateway.forecasting.TrainedModel;
import io.github.predictivegateway.forecasting.correlation.LeadLag;
import io.github.predictivegateway.sidecar.metrics.TrainingMeters;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The forecast side of the API: the snapshot gateways pull ({@code GET /v1/forecasts},
 * with {@code ETag} and {@code 304}), what is served per series ({@code GET /v1/models}),
 * the leads found ({@code GET /v1/correlations}) and retraining on demand
 * ({@code POST /v1/retrain}).
 */
@RestController
class ForecastController {

	private final ForecasterEngine engine;

	private final TrainingMeters meters;

	ForecastController(ForecasterEngine engine, TrainingMeters meters) {
		this.engine = engine;
		this.meters = meters;
	}

	@GetMapping("/v1/forecasts")
	Mono<ResponseEntity<byte[]>> forecasts(
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) @Nullable String ifNoneMatch) {
		return Mono.fromCallable(this.engine.snapshots()::current)
			.subscribeOn(Schedulers.boundedElastic())
			.map(snapshot -> {
				if (snapshot.etag().equals(ifNoneMatch)) {
					return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(snapshot.etag()).<byte[]>build();
				}
				return ResponseEntity.ok()
					.eTag(snapshot.etag())
					.contentType(MediaType.APPLICATION_JSON)
					.body(snapshot.body());
			});
	}

	/**
	 * One series' live model: its held-out backtest ({@code mase}, {@code coverage}) and
	 * how the forecasts served did over the last day of closed steps
	 * ({@code rollingMase}, {@code rollingCoverage}, over {@code rollingPoints} steps).
	 */
	record ModelInfo(String tenant, String resource, String model, int version, String trainedAt, double mase,
			double coverage, String reason, String leader, int leaderLag, double rollingMase, double rollingCoverage,
			int rollingPoints) {
	}

	@GetMapping("/v1/models")
	List<ModelInfo> models() {
		List<ModelInfo> models = new ArrayList<>();
		this.engine.loader()
			.all()
			.values()
			.stream()
			.sorted((a, b) -> a.series().compareTo(b.series()))
			.forEach(live -> {
				TrainedModel m = live.model();
				LiveModelAccuracy.Accuracy rolling = this.engine.snapshots().accuracy(live.series());
				models.add(new ModelInfo(live.series().tenant(), live.series().resource(), m.name(), live.version(),
						m.trainedAt().toString(), m.score().mase(), m.score().coverage(), m.reason(), m.leader(),
						m.leaderLag(), rolling.mase(), rolling.coverage(), rolling.points()));
			});
		return models;
	}

	@GetMapping("/v1/correlations")
	List<LeadLag> correlations() {
		return this.engine.retrainer().correlations();
	}

	@PostMapping("/v1/retrain")
	Mono<Map<String, Object>> retrain() {
		return Mono.fromCallable(() -> this.meters.timed(this.engine.retrainer()::retrainAll))
			.subscribeOn(Schedulers.boundedElastic())
			.map(outcomes -> Map.of("series", outcomes.size(), "promoted",
					outcomes.stream().filter(Retrainer.Outcome::promoted).count(), "outcomes", outcomes));
	}

}
