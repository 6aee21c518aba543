package io.github.predictivegateway.autoconfigure.loop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.predictivegateway.autoconfigure.PredictiveConfigurationException;
import io.github.predictivegateway.autoconfigure.PredictiveProperties;
import io.github.predictivegateway.forecaster.ForecasterProperties;
import io.github.predictivegateway.forecaster.ForecasterSettings;
import io.github.predictivegateway.forecaster.InvalidForecasterSettingsException;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The embedded forecaster ({@code predictive.embedded.*}), used when no
 * {@code predictive.forecast.sidecar-url} is set and forecast-engine is on the class
 * path: the forecaster engine's settings under the names and with the defaults the
 * sidecar's {@code sidecar.*} has ({@link ForecasterProperties}), on the gateway's
 * {@code predictive.step}. Only the data directory differs: the gateway's default is
 * under the temporary directory.
 */
@ConfigurationProperties(EmbeddedForecasterProperties.PREFIX)
public class EmbeddedForecasterProperties extends ForecasterProperties {

	public static final String PREFIX = "predictive.embedded";

	/** Whether the embedded forecaster runs when no sidecar-url is set. */
	private boolean enabled = true;

	public EmbeddedForecasterProperties() {
		super(Path.of(System.getProperty("java.io.tmpdir"), "predictive-gateway"));
	}

	/**
	 * The forecaster's settings on the gateway's step.
	 * @throws PredictiveConfigurationException naming each property out of its range
	 */
	ForecasterSettings settings(Duration step) {
		try {
			return toSettings(step);
		}
		catch (InvalidForecasterSettingsException ex) {
			List<String> errors = new ArrayList<>();
			for (InvalidForecasterSettingsException.Problem problem : ex.problems()) {
				errors.add(problem.property().equals("step")
						? problem.message(PredictiveProperties.PREFIX + ".step")
								+ " for the embedded forecaster (or set " + PredictiveProperties.PREFIX
								+ ".embedded.enabled=false)"
						: problem.message(PredictiveProperties.PREFIX + ".embedded." + problem.property()));
			}
			throw new PredictiveConfigurationException(errors);
		}
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
