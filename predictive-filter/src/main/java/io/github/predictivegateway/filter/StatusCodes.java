package io.github.predictivegateway.filter;

import java.util.Locale;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * Reads a configured status: a name ({@code FORBIDDEN}, {@code too_many_requests}) or a
 * code from 100 to 599.
 */
public final class StatusCodes {

	private StatusCodes() {
	}

	/**
	 * @throws IllegalArgumentException naming what is accepted, if {@code value} is
	 * neither
	 */
	public static HttpStatusCode parse(String value) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("a status must be an HTTP status name or code, got '" + value + "'");
		}
		String trimmed = value.trim();
		try {
			return HttpStatus.valueOf(trimmed.toUpperCase(Locale.ROOT).replace('-', '_'));
		}
		catch (IllegalArgumentException notAName) {
			try {
				int code = Integer.parseInt(trimmed);
				if (code >= 100 && code <= 599) {
					return HttpStatusCode.valueOf(code);
				}
			}
			catch (NumberFormatException notANumber) {
				// reported below
			}
			throw new IllegalArgumentException(
					"'" + value + "' is not an HTTP status: use a name such as FORBIDDEN or a code from 100 to 599");
		}
	}

}
