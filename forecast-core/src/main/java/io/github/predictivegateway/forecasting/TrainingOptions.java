package io.github.predictivegateway.forecasting;

import java.time.Clock;
import java.util.Objects;

import io.github.predictivegateway.forecasting.interval.PointEstimate;
import io.github.predictivegateway.forecasting.model.FittingScale;

/**
 * Immutable, validated training settings. {@link #defaults()} are the settings every
 * reported figure uses; each setter of the {@link Builder} rejects out-of-range values
 * naming the setting.
 */
public final class TrainingOptions {

	private final int horizon;

	private final double level;

	private final int fitWindowDays;

	private final int validationDays;

	private final double minHistoryDays;

	private final int dailyHarmonics;

	private final int weeklyHarmonics;

	private final int arOrder;

	private final PointEstimate pointEstimate;

	private final FittingScale scale;

	private final boolean refitAllCandidates;

	private final double combinationWindowDays;

	private final double calibrationWindowDays;

	private final double calibrationHalfLifeDays;

	private final double combinationMargin;

	private final double boundCapRange;

	private final Clock clock;

	private TrainingOptions(Builder b) {
		this.horizon = b.horizon;
		this.level = b.level;
		this.fitWindowDays = b.fitWindowDays;
		this.validationDays = b.validationDays;
		this.minHistoryDays = b.minHistoryDays;
		this.dailyHarmonics = b.dailyHarmonics;
		this.weeklyHarmonics = b.weeklyHarmonics;
		this.arOrder = b.arOrder;
		this.pointEstimate = b.pointEstimate;
		this.scale = b.scale;
		this.refitAllCandidates = b.refitAllCandidates;
		this.combinationWindowDays = b.combinationWindowDays;
		this.calibrationWindowDays = b.calibrationWindowDays;
		this.calibrationHalfLifeDays = b.calibrationHalfLifeDays;
		this.combinationMargin = b.combinationMargin;
		this.boundCapRange = b.boundCapRange;
		this.clock = b.clock;
	}

	public static TrainingOptions defaults() {
		return builder().build();
	}

	public static Builder builder() {
		return new Builder();
	}

	/** Steps forecast and calibrated (12 = one hour at 5 minutes). */
	public int horizon() {
		return horizon;
	}

	/** Central interval level (0.95). */
	public double level() {
		return level;
	}

	/** Days of most recent data the served model is fit on (28). */
	public int fitWindowDays() {
		return fitWindowDays;
	}

	/**
	 * Days of most recent data held out to select the model and calibrate its intervals
	 * (7).
	 */
	public int validationDays() {
		return validationDays;
	}

	/**
	 * Below this much history only seasonal naive or a flat forecast is served (2 days).
	 */
	public double minHistoryDays() {
		return minHistoryDays;
	}

	public int dailyHarmonics() {
		return dailyHarmonics;
	}

	public int weeklyHarmonics() {
		return weeklyHarmonics;
	}

	public int arOrder() {
		return arOrder;
	}

	/**
	 * Which point of the back-transformed distribution is served
	 * ({@link PointEstimate#MEDIAN}).
	 */
	public PointEstimate pointEstimate() {
		return pointEstimate;
	}

	/** Scale the models are fit on ({@link FittingScale#LOG1P}). */
	public FittingScale scale() {
		return scale;
	}

	/**
	 * Refit every candidate (not only the winner) on all data: needed to report every
	 * model in a backtest.
	 */
	public boolean refitAllCandidates() {
		return refitAllCandidates;
	}

	/**
	 * Days of recent errors that weigh the served combination's members at each origin
	 * (2).
	 */
	public double combinationWindowDays() {
		return combinationWindowDays;
	}

	/**
	 * Days of recent errors the served interval is calibrated from at each origin (3).
	 */
	public double calibrationWindowDays() {
		return calibrationWindowDays;
	}

	/** Age in days at which a recent error weighs half as much as the newest (1). */
	public double calibrationHalfLifeDays() {
		return calibrationHalfLifeDays;
	}

	/**
	 * How far behind the best member (relative recent error) a member still gets weight
	 * (0.25).
	 */
	public double combinationMargin() {
		return combinationMargin;
	}

	/**
	 * Bounds stay at or below max + boundCapRange (max - min) of the recent values (1).
	 */
	public double boundCapRange() {
		return boundCapRange;
	}

	public Clock clock() {
		return clock;
	}

	public Builder toBuilder() {
		Builder b = new Builder();
		b.horizon = horizon;
		b.level = level;
		b.fitWindowDays = fitWindowDays;
		b.validationDays = validationDays;
		b.minHistoryDays = minHistoryDays;
		b.dailyHarmonics = dailyHarmonics;
		b.weeklyHarmonics = weeklyHarmonics;
		b.arOrder = arOrder;
		b.pointEstimate = pointEstimate;
		b.scale = scale;
		b.refitAllCandidates = refitAllCandidates;
		b.combinationWindowDays = combinationWindowDays;
		b.calibrationWindowDays = calibrationWindowDays;
		b.calibrationHalfLifeDays = calibrationHalfLifeDays;
		b.combinationMargin = combinationMargin;
		b.boundCapRange = boundCapRange;
		b.clock = clock;
		return b;
	}

	/** Builder with validating setters. */
	public static final class Builder {

		private int horizon = 12;

		private double level = 0.95;

		private int fitWindowDays = 28;

		private int validationDays = 7;

		private double minHistoryDays = 2.0;

		private int dailyHarmonics = 10;

		private int weeklyHarmonics = 3;

		private int arOrder = 6;

		private PointEstimate pointEstimate = PointEstimate.MEDIAN;

		private FittingScale scale = FittingScale.LOG1P;

		private boolean refitAllCandidates = false;

		private double combinationWindowDays = 2.0;

		private double calibrationWindowDays = 3.0;

		private double calibrationHalfLifeDays = 1.0;

		private double combinationMargin = 0.25;

		private double boundCapRange = 1.0;

		private Clock clock = Clock.systemUTC();

		private Builder() {
		}

		public Builder horizon(int v) {
			this.horizon = check("horizon", v, 1, 10_000);
			return this;
		}

		public Builder level(double v) {
			if (!(v > 0.5 && v < 1)) {
				throw new IllegalArgumentException("level must be in (0.5, 1), was " + v);
			}
			this.level = v;
			return this;
		}

		public Builder fitWindowDays(int v) {
			this.fitWindowDays = check("fitWindowDays", v, 2, 3650);
			return this;
		}

		public Builder validationDays(int v) {
			this.validationDays = check("validationDays", v, 1, 365);
			return this;
		}

		public Builder minHistoryDays(double v) {
			if (!(v >= 1 && v <= 365)) {
				throw new IllegalArgumentException("minHistoryDays must be in [1, 365], was " + v);
			}
			this.minHistoryDays = v;
			return this;
		}

		public Builder dailyHarmonics(int v) {
			this.dailyHarmonics = check("dailyHarmonics", v, 0, 100);
			return this;
		}

		public Builder weeklyHarmonics(int v) {
			this.weeklyHarmonics = check("weeklyHarmonics", v, 0, 6);
			return this;
		}

		public Builder arOrder(int v) {
			this.arOrder = check("arOrder", v, 0, 100);
			return this;
		}

		public Builder pointEstimate(PointEstimate v) {
			this.pointEstimate = Objects.requireNonNull(v, "pointEstimate");
			return this;
		}

		public Builder scale(FittingScale v) {
			this.scale = Objects.requireNonNull(v, "scale");
			return this;
		}

		public Builder refitAllCandidates(boolean v) {
			this.refitAllCandidates = v;
			return this;
		}

		public Builder combinationWindowDays(double v) {
			this.combinationWindowDays = checkPositive("combinationWindowDays", v, 365);
			return this;
		}

		public Builder calibrationWindowDays(double v) {
			this.calibrationWindowDays = checkPositive("calibrationWindowDays", v, 365);
			return this;
		}

		public Builder calibrationHalfLifeDays(double v) {
			this.calibrationHalfLifeDays = checkPositive("calibrationHalfLifeDays", v, 365);
			return this;
		}

		public Builder combinationMargin(double v) {
			this.combinationMargin = checkPositive("combinationMargin", v, 100);
			return this;
		}

		public Builder boundCapRange(double v) {
			this.boundCapRange = checkPositive("boundCapRange", v, 100);
			return this;
		}

		public Builder clock(Clock v) {
			this.clock = Objects.requireNonNull(v, "clock");
			return this;
		}

		public TrainingOptions build() {
			return new TrainingOptions(this);
		}

		private static double checkPositive(String name, double v, int max) {
			if (!(v > 0 && v <= max)) {
				throw new IllegalArgumentException(name + " must be in (0, " + max + "], was " + v);
			}
			return v;
		}

		private static int check(String name, int v, int min, int max) {
			if (v < min || v > max) {
				throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], was " + v);
			}
			return v;
		}

	}

}
