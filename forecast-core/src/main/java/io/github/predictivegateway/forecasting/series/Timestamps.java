package io.github.predictivegateway.forecasting.series;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Parses the timestamps accepted by the backtest tools, always as UTC:
 * {@code 2015-02-26 21:42:53}, {@code 2015-02-26 21:42}, {@code 2015-02-26 21:42:53.250},
 * and the same with a {@code T} separator and an optional trailing {@code Z} (as the
 * reference scorer does: it replaces {@code T} by a space and strips {@code Z}).
 */
public final class Timestamps {

	private static final List<DateTimeFormatter> FORMATS = List.of(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"),
			DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS"),
			DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS"));

	private Timestamps() {
	}

	/** Epoch time in microseconds of a timestamp read as UTC. */
	public static long parseEpochMicros(String text) {
		String s = text.strip().replace('T', ' ');
		while (s.endsWith("Z")) {
			s = s.substring(0, s.length() - 1);
		}
		for (DateTimeFormatter f : FORMATS) {
			try {
				LocalDateTime t = LocalDateTime.parse(s, f);
				return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1_000L;
			}
			catch (DateTimeParseException ignored) {
				// try the next format
			}
		}
		throw new IllegalArgumentException("bad timestamp '" + text + "' (expected yyyy-MM-dd HH:mm[:ss[.ffffff]])");
	}

}
