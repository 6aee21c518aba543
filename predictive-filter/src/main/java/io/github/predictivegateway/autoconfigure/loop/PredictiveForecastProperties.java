package io.github.predictivegateway.autoconfigure.loop;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.autoconfigure.PropertyRules;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * Where forecasts come from and how long they are trusted.
 */
@ConfigurationProperties(PredictiveForecastProperties.PREFIX)
@Validated
public class PredictiveForecastProperties implements Validator {

	public static final String PREFIX = "predictive.forecast";

	/**
	 * Base URL of the forecast sidecar, e.g. http://127.0.0.1:8090. Unset: the embedded
	 * forecaster (if forecast-service is on the class path), otherwise only declared
	 * pre-allocations.
	 */
	private @Nullable URI sidecarUrl;

	/**
	 * The sidecar's shared token (its sidecar.token), sent as Authorization: Bearer with
	 * every usage batch. Needed when the sidecar has a token; never logged.
	 */
	private @Nullable String sidecarToken;

	/** How often forecasts are pulled, real time, off the request path. */
	@NotNull
	private Duration refreshInterval = Duration.ofSeconds(10);

	/**
	 * How long after the last successful contact with the forecaster its forecasts are
	 * used in full (engine time). After that, pre-allocation decays to zero over
	 * decay-steps steps.
	 */
	@NotNull
	private Duration staleness = Duration.ofMinutes(5);

	/**
	 * Steps over which pre-allocation decays to zero once forecasts are stale: 1 -
	 * k/decay-steps at the k-th.
	 */
	@Min(1)
	private int decaySteps = 4;

	/**
	 * Largest forecast snapshot read from the sidecar; a larger body is not read past
	 * this size and is refused (the last good snapshot stays). A 10,000-series snapshot
	 * of 12 steps is about 10 MB.
	 */
	@NotNull
	private DataSize maxSnapshotSize = DataSize.ofMegabytes(64);

	@Override
	public boolean supports(Class<?> clazz) {
		return PredictiveForecastProperties.class.isAssignableFrom(clazz);
	}

	@Override
	public void validate(Object target, Errors errors) {
		PredictiveForecastProperties properties = (PredictiveForecastProperties) target;
		PropertyRules rules = new PropertyRules(errors, PREFIX);
		URI url = properties.getSidecarUrl();
		if (url != null && (url.getScheme() == null
				|| !(url.getScheme().equals("http") || url.getScheme().equals("https")) || url.getHost() == null)) {
			rules.reject("sidecar-url", rules.path("sidecar-url") + " is '" + url
					+ "'; it must be an http or https URL with a host, e.g. http://127.0.0.1:8090");
		}
		rules.positive("refresh-interval", properties.getRefreshInterval());
		rules.notNegative("staleness", properties.getStaleness());
		DataSize size = properties.getMaxSnapshotSize();
		if (size != null && size.toBytes() <= 0) {
			rules.reject("max-snapshot-size",
					rules.path("max-snapshot-size") + " is " + size + "; it must be positive, e.g. 64MB");
		}
	}

	public @Nullable URI getSidecarUrl() {
		return this.sidecarUrl;
	}

	public void setSidecarUrl(@Nullable URI sidecarUrl) {
		this.sidecarUrl = sidecarUrl;
	}

	public @Nullable String getSidecarToken() {
		return this.sidecarToken;
	}

	public void setSidecarToken(@Nullable String sidecarToken) {
		this.sidecarToken = sidecarToken;
	}

	public Duration getRefreshInterval() {
		return this.refreshInterval;
	}

	public void setRefreshInterval(Duration refreshInterval) {
		this.refreshInterval = refreshInterval;
	}

	public Duration getStaleness() {
		return this.staleness;
	}

	public void setStaleness(Duration staleness) {
		this.staleness = staleness;
	}

	public int getDecaySteps() {
		return this.decaySteps;
	}

	public void setDecaySteps(int decaySteps) {
		this.decaySteps = decaySteps;
	}

	public DataSize getMaxSnapshotSize() {
		return this.maxSnapshotSize;
	}

	public void setMaxSnapshotSize(DataSize maxSnapshotSize) {
		this.maxSnapshotSize = maxSnapshotSize;
	}

}
