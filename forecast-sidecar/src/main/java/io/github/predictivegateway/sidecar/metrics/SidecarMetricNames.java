package io.github.predictivegateway.sidecar.metrics;

/**
 * Every Micrometer meter name and tag key of the forecast sidecar, in one place, under
 * the prefix {@value #PREFIX} (Prometheus: {@code predictive_sidecar_...}). Tag values
 * are fixed sets: no tenant, series or instance id is ever a tag; per-series figures are
 * in {@code GET /v1/models}.
 */
public final class SidecarMetricNames {

	public static final String PREFIX = "predictive.sidecar.";

	/**
	 * Timer: one retraining run over every series, scheduled or asked for with
	 * {@code POST /v1/retrain}.
	 */
	public static final String TRAINING_DURATION = PREFIX + "training.duration";

	/**
	 * Counter: what retraining did per series, by {@link #OUTCOME}: {@code promoted} (a
	 * new model version published), {@code rejected} (a candidate trained but not
	 * published: worse than the live version, or publishing failed), {@code skipped}
	 * (nothing to train: no usage, or none since the live version).
	 */
	public static final String MODEL_VERSIONS = PREFIX + "model.versions";

	/** Gauge: series with a live model, i.e. served in the forecast snapshot. */
	public static final String MODELS_LIVE = PREFIX + "models.live";

	/**
	 * Gauge: backtest MASE of the live models over all series, by {@link #STATISTIC}:
	 * {@code median}, {@code max} (the worst series); NaN while no model is live.
	 */
	public static final String BACKTEST_MASE = PREFIX + "backtest.mase";

	/**
	 * Gauge: backtest interval coverage of the live models over all series, by
	 * {@link #STATISTIC}: {@code median}, {@code min} (the worst series); NaN while no
	 * model is live.
	 */
	public static final String BACKTEST_COVERAGE = PREFIX + "backtest.coverage";

	/**
	 * Counter: usage records received ({@code POST /v1/usage} and history imports), by
	 * {@link #OUTCOME}: {@code accepted} (new), {@code deduplicated} (a record sent
	 * again, replacing the earlier one), {@code too-old} (older than the dedupe window,
	 * dropped), {@code rejected} (in a batch refused as invalid).
	 */
	public static final String USAGE_RECORDS = PREFIX + "usage.records";

	/** Tag key: what happened. */
	public static final String OUTCOME = "outcome";

	/** Tag key: which summary over series. */
	public static final String STATISTIC = "statistic";

	private SidecarMetricNames() {
	}

}
