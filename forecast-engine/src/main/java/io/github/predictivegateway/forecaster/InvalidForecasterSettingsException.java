package io.github.predictivegateway.forecaster;

import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Forecaster settings out of their ranges, every one of them named by its property (kebab
 * case, as bound: {@code forecast-history}), so that a host can report each under its own
 * prefix.
 */
public final class InvalidForecasterSettingsException extends IllegalArgumentException {

	private final List<Problem> problems;

	InvalidForecasterSettingsException(List<Problem> problems) {
		super(problems.stream().map(p -> p.message(p.property())).collect(Collectors.joining("; ")));
		this.problems = List.copyOf(problems);
	}

	public List<Problem> problems() {
		return this.problems;
	}

	/**
	 * One setting out of its range.
	 *
	 * @param property the setting's property name, e.g. {@code forecast-history}
	 * @param value its value
	 * @param rule what it must be
	 */
	public record Problem(String property, @Nullable Object value, String rule) {

		/**
		 * {@code <name> is <value>; it must be <rule>}, with the property's full name as
		 * the host binds it.
		 */
		public String message(String name) {
			return name + " is " + this.value + "; it must be " + this.rule;
		}

	}

}
