package io.github.predictivegateway.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link PredictiveConfigurationException} into Boot's start-up failure report:
 * what is wrong, property by property, and what to do.
 */
class PredictiveConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<PredictiveConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PredictiveConfigurationException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Correct the properties or routes named above (see the configuration reference in the README).", cause);
	}

}
