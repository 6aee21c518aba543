package io.github.predictivegateway.sidecar.config;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.forecaster.ForecasterProperties;
import io.github.predictivegateway.forecaster.ForecasterSettings;
import io.github.predictivegateway.forecaster.InvalidForecasterSettingsException;
import io.github.predictivegateway.wire.UsageValidator;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the forecast sidecar ({@code sidecar.*}): the forecaster engine's
 * settings ({@link ForecasterProperties}, the names and defaults the gateway's embedded
 * forecaster binds under {@code predictive.embedded.*} too, checked by
 * {@link ForecasterSettings}) and the sidecar's own: its step, compressed time, intake
 * limit and token. A bad value stops start-up with a message naming the property.
 */
@ConfigurationProperties("sidecar")
@Validated
public class SidecarProperties extends ForecasterProperties implements Validator {

	/** The step, which must equal the gateways' predictive.step. Whole seconds. */
	@NotNull
	private Duration step = Duration.ofSeconds(60);

	/**
	 * Most records in one usage batch; a batch of more is answered 413. The request body
	 * limit, spring.http.codecs.max-in-memory-size, must hold the largest valid batch of
	 * this many records (796 + 1889 × records bytes).
	 */
	@Min(1)
	private int maxBatchRecords = UsageValidator.DEFAULT_MAX_RECORDS;

	/**
	 * Compressed time for demos and tests: the sidecar's clock runs this many times
	 * faster than real time from time-origin. Gateways must use the same scale and
	 * origin.
	 */
	@DecimalMin("1.0")
	private double timeScale = 1.0;

	/** The instant at which compressed time and real time agree. */
	@NotNull
	private Instant timeOrigin = Instant.parse("2026-01-01T00:00:00Z");

	/**
	 * Shared token that POST /v1/usage, POST /v1/history/import and POST /v1/retrain
	 * require as {@code Authorization: Bearer <token>}. Unset (and no token-file): those
	 * endpoints are open, which is allowed only while server.address is a loopback
	 * address. Never logged.
	 */
	private @Nullable String token;

	/**
	 * A file holding the token (e.g. a mounted Kubernetes Secret), instead of
	 * sidecar.token.
	 */
	private @Nullable Path tokenFile;

	public SidecarProperties() {
		super(Path.of("sidecar-data"));
	}

	/** The forecaster's settings on this sidecar's step. */
	public ForecasterSettings toSettings() {
		return toSettings(this.step);
	}

	@Override
	public boolean supports(Class<?> clazz) {
		return SidecarProperties.class.isAssignableFrom(clazz);
	}

	@Override
	public void validate(Object target, Errors errors) {
		try {
			((SidecarProperties) target).toSettings();
		}
		catch (InvalidForecasterSettingsException ex) {
			for (InvalidForecasterSettingsException.Problem problem : ex.problems()) {
				String name = "sidecar." + problem.property();
				errors.reject(name, problem.message(name));
			}
		}
	}

	public Duration getStep() {
		return this.step;
	}

	public void setStep(Duration step) {
		this.step = step;
	}

	public int getMaxBatchRecords() {
		return this.maxBatchRecords;
	}

	public void setMaxBatchRecords(int maxBatchRecords) {
		this.maxBatchRecords = maxBatchRecords;
	}

	public double getTimeScale() {
		return this.timeScale;
	}

	public void setTimeScale(double timeScale) {
		this.timeScale = timeScale;
	}

	public Instant getTimeOrigin() {
		return this.timeOrigin;
	}

	public void setTimeOrigin(Instant timeOrigin) {
		this.timeOrigin = timeOrigin;
	}

	public @Nullable String getToken() {
		return this.token;
	}

	public void setToken(@Nullable String token) {
		this.token = token;
	}

	public @Nullable Path getTokenFile() {
		return this.tokenFile;
	}

	public void setTokenFile(@Nullable Path tokenFile) {
		this.tokenFile = tokenFile;
	}

}
