package io.github.predictivegateway.autoconfigure;

import java.util.List;

/**
 * Configuration that predictive admission cannot run with, found at start-up. Its
 * problems each name the property or route they are about;
 * {@link PredictiveConfigurationFailureAnalyzer} prints them instead of a stack trace.
 */
public class PredictiveConfigurationException extends RuntimeException {

	private final List<String> problems;

	public PredictiveConfigurationException(List<String> problems) {
		super("Invalid predictive admission configuration:" + System.lineSeparator() + "  - "
				+ String.join(System.lineSeparator() + "  - ", problems));
		this.problems = List.copyOf(problems);
	}

	public List<String> getProblems() {
		return this.problems;
	}

}
