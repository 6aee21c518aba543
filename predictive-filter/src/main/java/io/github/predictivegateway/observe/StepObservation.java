package io.github.predictivegateway.observe;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.forecast.Forecast;

/**
 * What happened to one series (tenant × resource type) in one closed step, next to what
 * was forecast and reserved for it.
 *
 * @param tenant who
 * @param resource which resource type
 * @param step index of the step
 * @param stepStart start of the step
 * @param offered units offered: the attempted requests' total cost, throttled ones
 * included (the demand that is forecast)
 * @param attempted requests offered
 * @param admitted requests admitted, any class
 * @param throttled requests refused
 * @param preallocated of the admitted requests, those served from the shadow bucket
 * @param forecast what was forecast for the step, or {@code null} when nothing was
 * @param granted units reserved for the step (its shadow bucket's grant), 0 when none
 * @param used units of the grant spent by the step's end
 * @param wasted units of the grant left unspent: {@code granted − used}
 * @param lent of the wasted units, this series' share of those lent to other tenants'
 * standard requests ({@link ResourceLending}), in proportion to its share of the resource
 * type's wasted units
 * @param multiplier the series' adjustment multiplier when the step closed, before the
 * step's demand is learnt
 * @param burst whether the offered demand exceeded the forecast's burst threshold (its
 * {@code burst-quantile}, the upper bound for a forecaster that sends no quantiles)
 */
public record StepObservation(String tenant, String resource, long step, Instant stepStart, double offered,
		long attempted, long admitted, long throttled, long preallocated, @Nullable Forecast forecast, long granted,
		long used, long wasted, double lent, double multiplier, boolean burst) {

	/**
	 * Whether the step had a forecast with an interval, one its accuracy can be judged on
	 * (not a declared amount).
	 */
	public boolean hasInterval() {
		return this.forecast != null && this.forecast.upper() > this.forecast.lower();
	}

}
