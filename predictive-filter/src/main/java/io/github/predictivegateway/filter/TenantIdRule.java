package io.github.predictivegateway.filter;

/**
 * What a resolved, non-blank tenant id must be to become a tenant: at most
 * {@code predictive.max-tenant-length} characters and no control characters
 * ({@link Character#isISOControl}: U+0000–U+001F, U+007F–U+009F, which a header can carry
 * as a tab or as ISO-8859-1 bytes 0x80–0x9F). The forecaster refuses usage records of
 * such ids, and it refuses a usage batch whole, so one hostile id admitted here would
 * cost every tenant in its batch that step's usage. Any other character is allowed: Redis
 * keys percent-encode what they cannot hold.
 */
final class TenantIdRule {

	private TenantIdRule() {
	}

	/**
	 * @return the problem's detail for a {@code 400}, or {@code null} when the id is fine
	 */
	static String violation(String tenant, int maxLength) {
		int length = tenant.length();
		if (length > maxLength) {
			return "The tenant id is longer than " + maxLength + " characters.";
		}
		for (int i = 0; i < length; i++) {
			if (Character.isISOControl(tenant.charAt(i))) {
				return "The tenant id contains control characters.";
			}
		}
		return null;
	}

}
