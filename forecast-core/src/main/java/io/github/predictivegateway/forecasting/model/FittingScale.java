package io.github.predictivegateway.forecasting.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * The scale models are fit on. {@link #LOG1P}, {@code z = log1p(max(0, y))}, stabilises
 * the variance of counts whose noise grows with their level (bursty usage), so one
 * additive error model fits quiet nights and busy afternoons; {@link #IDENTITY}
 * ({@code z = max(0, y)}) is there to measure what the transform buys.
 */
public enum FittingScale {

	LOG1P("log1p") {
		@Override
		public double forward(double y) {
			return Math.log1p(Math.max(0.0, y));
		}

		@Override
		public double inverse(double z) {
			return Math.expm1(z);
		}
	},
	IDENTITY("identity") {
		@Override
		public double forward(double y) {
			return Math.max(0.0, y);
		}

		@Override
		public double inverse(double z) {
			return z;
		}
	};

	private final String id;

	FittingScale(String id) {
		this.id = id;
	}

	public String id() {
		return id;
	}

	/** Original value to the fitting scale (negative values count as zero). */
	public abstract double forward(double y);

	/** Fitting scale back to the original scale (not floored). */
	public abstract double inverse(double z);

	/** The scale with this id, if any. */
	public static Optional<FittingScale> fromId(String id) {
		return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
	}

}
