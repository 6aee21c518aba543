package io.github.predictivegateway.forecasting.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parameters of a fitted model as named arrays of finite numbers, in a stable order,
 * plus its member states for an ensemble. This is what the artifact file stores.
 */
public record ModelState(ModelKind kind, Map<String, double[]> parameters, List<ModelState> members) {

	public ModelState {
		Objects.requireNonNull(kind, "kind");
		Map<String, double[]> copy = new LinkedHashMap<>();
		parameters.forEach((k, v) -> copy.put(k, v.clone()));
		parameters = Collections.unmodifiableMap(copy);
		members = List.copyOf(members);
	}

	public ModelState(ModelKind kind, Map<String, double[]> parameters) {
		this(kind, parameters, List.of());
	}

	/**
	 * A required parameter array, checked for length (or any length when
	 * {@code length < 0}) and finiteness.
	 */
	public double[] require(String name, int length) {
		double[] v = parameters.get(name);
		if (v == null) {
			throw new IllegalArgumentException(kind.id() + ": missing parameter '" + name + "'");
		}
		if (length >= 0 && v.length != length) {
			throw new IllegalArgumentException(
					kind.id() + ": parameter '" + name + "' has " + v.length + " values, expected " + length);
		}
		for (double x : v) {
			if (!Double.isFinite(x)) {
				throw new IllegalArgumentException(kind.id() + ": parameter '" + name + "' is not finite");
			}
		}
		return v.clone();
	}

	/** A required scalar parameter. */
	public double scalar(String name) {
		return require(name, 1)[0];
	}

	/** A required integer parameter within {@code [min, max]}. */
	public int integer(String name, int min, int max) {
		double v = scalar(name);
		if (v != Math.rint(v) || v < min || v > max) {
			throw new IllegalArgumentException(kind.id() + ": parameter '" + name + "' = " + v
					+ " is not an integer in [" + min + ", " + max + "]");
		}
		return (int) v;
	}

	@Override
	public boolean equals(Object o) {
		if (!(o instanceof ModelState s) || s.kind != kind || !s.members.equals(members)
				|| !s.parameters.keySet().equals(parameters.keySet())) {
			return false;
		}
		return parameters.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), s.parameters.get(e.getKey())));
	}

	@Override
	public int hashCode() {
		return Objects.hash(kind, parameters.keySet(), members);
	}
}
