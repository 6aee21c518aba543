package io.github.predictivegateway.filter;

import org.jspecify.annotations.Nullable;

/**
 * What a resolved, non-blank tenant id (in canonical form,
 * {@link io.github.predictivegateway.plan.TenantIds}) must be to become a tenant: at most
 * {@code predictive.max-tenant-length} characters, counted as Java and the forecaster
 * count them (UTF-16 code units: an emoji counts 2), well-formed Unicode (no lone
 * surrogate, which UTF-8 cannot carry and Redis keys would turn into "?") and no control
 * characters ({@link Character#isISOControl}: U+0000–U+001F, U+007F–U+009F). The
 * forecaster refuses usage records of such ids, and it refuses a usage batch whole, so
 * one hostile id admitted here would cost every tenant in its batch that step's usage.
 * Any other character is allowed: Redis keys percent-encode what they cannot hold.
 */
final class TenantIdRule {

	private TenantIdRule() {
	}

	/**
	 * @return the problem's detail for a {@code 400}, or {@code null} when the id is fine
	 */
	static @Nullable String violation(String tenant, int maxLength) {
		int length = tenant.length();
		if (length > maxLength) {
			return "The tenant id is longer than " + maxLength + " characters.";
		}
		for (int i = 0; i < length; i++) {
			char c = tenant.charAt(i);
			if (Character.isISOControl(c)) {
				return "The tenant id contains control characters.";
			}
			if (Character.isSurrogate(c)) {
				if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(tenant.charAt(i + 1))) {
					i++;
				}
				else {
					return "The tenant id is not well-formed Unicode (it holds a lone surrogate).";
				}
			}
		}
		return null;
	}

}
