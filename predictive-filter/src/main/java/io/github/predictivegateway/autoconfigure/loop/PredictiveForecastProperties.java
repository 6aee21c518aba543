package io.github.predictivegateway.autoconfigure.loop;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.autoconfigure.PropertyRules;
import io.github.predictivegateway.autoconfigure.ValidatedProperties;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Where forecasts come from and how long they are trusted.
 *
 * @param sidecarUrl Base URL of the forecast sidecar, e.g. http://127.0.0.1:8090. Unset:
 * the embedded forecaster (if forecast-service is on the class path), otherwise only
 * declared pre-allocations.
 * @param sidecarToken The sidecar's shared token (its sidecar.token), sent as
 * Authorization: Bearer with every usage batch. Needed when the sidecar has a token;
 * never logged.
 * @param refreshInterval How often forecasts are pulled, real time, off the request path.
 * @param staleness How long after the last successful contact with the forecaster its
 * forecasts are used in full (engine time). After that, pre-allocation decays to zero
 * over decay-steps steps.
 * @param decaySteps Steps over which pre-allocation decays to zero once forecasts are
 * stale: 1 - k/decay-steps at the k-th.
 * @param maxSnapshotSize Largest forecast snapshot read from the sidecar; a larger body
 * is not read past this size and is refused (the last good snapshot stays). A
 * 10,000-series snapshot of 12 steps is about 10 MB.
 * @param reservationQuantile Quantile of the forecast demand that is reserved for a
 * tenant each step, above 0.5 and below 1. From a forecaster that sends no quantiles (the
 * first release), its upper bound is reserved (the 0.975 quantile).
 * @param burstQuantile Demand above this quantile of the forecast makes the step a burst,
 * above 0.5 and below 1.
 */
@ConfigurationProperties(PredictiveForecastProperties.PREFIX)
@Validated
public record PredictiveForecastProperties(@Nullable URI sidecarUrl, @Nullable String sidecarToken,
		@NotNull @DefaultValue("10s") Duration refreshInterval, @NotNull @DefaultValue("5m") Duration staleness,
		@Min(1) @DefaultValue("4") int decaySteps, @NotNull @DefaultValue("64MB") DataSize maxSnapshotSize,
		@DefaultValue("0.95") double reservationQuantile,
		@DefaultValue("0.95") double burstQuantile) implements ValidatedProperties {

	public static final String PREFIX = "predictive.forecast";

	@Override
	public void check(PropertyRules rules) {
		URI url = this.sidecarUrl();
		if (url != null && (url.getScheme() == null
				|| !(url.getScheme().equals("http") || url.getScheme().equals("https")) || url.getHost() == null)) {
			rules.reject("sidecar-url", rules.path("sidecar-url") + " is '" + url
					+ "'; it must be an http or https URL with a host, e.g. http://127.0.0.1:8090");
		}
		rules.positive("refresh-interval", this.refreshInterval());
		for (String name : new String[] { "reservation-quantile", "burst-quantile" }) {
			double level = name.startsWith("reservation") ? this.reservationQuantile() : this.burstQuantile();
			if (!(level > 0.5 && level < 1)) {
				rules.reject(name, rules.path(name) + " is " + level + "; it must be above 0.5 and below 1, e.g. 0.95");
			}
		}
		rules.notNegative("staleness", this.staleness());
		DataSize size = this.maxSnapshotSize();
		if (size != null && size.toBytes() <= 0) {
			rules.reject("max-snapshot-size",
					rules.path("max-snapshot-size") + " is " + size + "; it must be positive, e.g. 64MB");
		}
	}

}
