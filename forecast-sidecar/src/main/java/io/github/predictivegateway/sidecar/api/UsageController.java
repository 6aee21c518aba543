package io.github.predictivegateway.sidecar.api;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.github.predictivegateway.forecaster.ForecasterEngine;
import io.github.predictivegateway.forecaster.history.UsageHistory;
import io.github.predictivegateway.forecaster.history.UsageStore;
import io.github.predictivegateway.forecasting.series.CsvSeriesReader;
import io.github.predictivegateway.forecasting.series.SeriesHistory;
import io.github.predictivegateway.sidecar.metrics.IntakeMeters;
import io.github.predictivegateway.wire.UsageBatch;
import io.github.predictivegateway.wire.UsageBatchCodec;
import io.github.predictivegateway.wire.UsageRecord;
import io.github.predictivegateway.wire.UsageValidator;
import io.github.predictivegateway.wire.WireFormatException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Usage intake. {@code POST /v1/usage} takes a batch from one gateway instance: valid as
 * a whole and journaled to disk before {@code 202} is answered, or {@code 400} naming
 * every bad field with nothing stored: the body is read by the wire contract's own reader
 * ({@link UsageBatchCodec}, strict about types: {@code 2.5} is not a count, {@code 5} not
 * an id), so a field of the wrong type is named as well as a bad value. A batch of more
 * records than {@code sidecar.max-batch-records}, or a body over
 * {@code spring.http.codecs.max-in-memory-size}, is answered {@code 413}: a gateway
 * splits it. {@code POST /v1/history/import?tenant=&resource=} takes a CSV (the backtest
 * format) as history for one series.
 */
@RestController
class UsageController {

	private static final String NOT_STORED = "The usage batch was not stored.";

	private final UsageValidator validator;

	private final UsageStore store;

	private final IntakeMeters meters;

	UsageController(UsageValidator validator, ForecasterEngine engine, IntakeMeters meters) {
		this.validator = validator;
		this.store = engine.store();
		this.meters = meters;
	}

	@PostMapping("/v1/usage")
	Mono<ResponseEntity<?>> intake(@RequestBody(required = false) @Nullable String body) {
		if (body == null || body.isBlank()) {
			return Mono.just(invalid(NOT_STORED,
					List.of("the body is empty: it must be a JSON object with 'instance' and 'records'")));
		}
		UsageBatch batch;
		try {
			batch = UsageBatchCodec.read(body);
		}
		catch (WireFormatException ex) {
			ResponseEntity<?> invalid = invalid(NOT_STORED, List.of(ex.getMessage()));
			if (ex.field() != null) {
				((ProblemDetail) invalid.getBody()).setProperty("field", ex.field());
			}
			return Mono.just(invalid);
		}
		List<UsageBatch.@Nullable Entry> entries = batch.records();
		if (entries != null && entries.size() > this.validator.maxRecords()) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
					"records has " + entries.size() + " entries; at most " + this.validator.maxRecords()
							+ " per batch (sidecar.max-batch-records): send them in smaller batches");
			problem.setTitle("Usage batch too large");
			problem.setProperty("field", "records");
			return Mono.just(ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem));
		}
		UsageValidator.Result result = this.validator.validate(batch);
		if (!result.valid()) {
			this.meters.rejected((entries != null) ? entries.size() : 0);
			return Mono.just(invalid(NOT_STORED, result.errors()));
		}
		return store(result.records());
	}

	@PostMapping(path = "/v1/history/import", consumes = { "text/csv", "text/plain" })
	Mono<ResponseEntity<?>> importCsv(@RequestParam String tenant, @RequestParam String resource,
			@RequestBody String csv) {
		List<SeriesHistory> series;
		try {
			series = new CsvSeriesReader((int) this.store.history().stepSeconds()).read("import",
					new StringReader(csv));
		}
		catch (IOException | RuntimeException ex) {
			return Mono.just(invalid("The CSV was not imported.", List.of(String.valueOf(ex.getMessage()))));
		}
		if (series.size() != 1) {
			return Mono.just(invalid("The CSV was not imported.",
					List.of("it must have exactly one value column, it has " + series.size())));
		}
		SeriesHistory history = series.get(0);
		List<UsageRecord> records = new ArrayList<>(history.length());
		for (int i = 0; i < history.length(); i++) {
			double value = history.value(i);
			if (value < 0) {
				return Mono.just(invalid("The CSV was not imported.", List.of("value " + i + " is negative")));
			}
			long requests = Math.round(value);
			records.add(new UsageRecord(UsageHistory.IMPORTED_INSTANCE, tenant, resource, history.epochSecondOf(i),
					requests, requests, 0, 0, value, 0, 0, 0));
		}
		return store(records);
	}

	private Mono<ResponseEntity<?>> store(List<UsageRecord> records) {
		return Mono.fromCallable(() -> this.store.append(records))
			.subscribeOn(Schedulers.boundedElastic())
			.doOnNext(this.meters::stored)
			.<ResponseEntity<?>>map(applied -> ResponseEntity.accepted().body(accepted(applied)))
			.onErrorResume(UncheckedIOException.class, ex -> {
				ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
						"The usage could not be stored durably; send it again.");
				return Mono.just(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(problem));
			});
	}

	private static Map<String, Object> accepted(UsageHistory.Applied applied) {
		return Map.of("accepted", applied.accepted(), "replaced", applied.replaced(), "tooOld", applied.tooOld());
	}

	private static ResponseEntity<?> invalid(String detail, List<String> errors) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setTitle("Invalid usage");
		problem.setProperty("errors", errors);
		return ResponseEntity.badRequest().body(problem);
	}

}
