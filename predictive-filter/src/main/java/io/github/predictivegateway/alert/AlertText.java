package io.github.predictivegateway.alert;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * How numbers, durations and labels read in alert descriptions: as in the Prometheus
 * rules' annotations.
 */
final class AlertText {

	private AlertText() {
	}

	static String number(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return Double.toString(value);
		}
		return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
	}

	/** A duration as Prometheus writes it: {@code 90s}, {@code 5m}, {@code 1h30m}. */
	static String duration(Duration duration) {
		long seconds = duration.toSeconds();
		if (seconds == 0) {
			return duration.toMillis() + "ms";
		}
		StringBuilder text = new StringBuilder();
		long hours = seconds / 3600;
		long minutes = (seconds % 3600) / 60;
		long rest = seconds % 60;
		if (hours > 0) {
			text.append(hours).append('h');
		}
		if (minutes > 0) {
			text.append(minutes).append('m');
		}
		if (rest > 0) {
			text.append(rest).append('s');
		}
		return text.toString();
	}

	static String labels(Map<String, String> labels) {
		StringJoiner joined = new StringJoiner(", ");
		new TreeMap<>(labels).forEach((key, value) -> joined.add(key + "=" + value));
		return joined.toString();
	}

}
