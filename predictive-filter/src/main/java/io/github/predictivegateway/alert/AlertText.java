package io.github.predictivegateway.alert;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/** How numbers and labels read in alert descriptions: plain, four significant digits, labels sorted. */
final class AlertText {

	private AlertText() {
	}

	static String number(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return Double.toString(value);
		}
		return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
	}

	static String labels(Map<String, String> labels) {
		StringJoiner joined = new StringJoiner(", ");
		new TreeMap<>(labels).forEach((key, value) -> joined.add(key + "=" + value));
		return joined.toString();
	}

}
