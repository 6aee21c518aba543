package io.github.predictivegateway.filter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TenantIdRuleTests {

	@Test
	void anyPrintableIdUpToTheLimitIsATenant() {
		assertThat(TenantIdRule.violation("a}:bucket:db{b %25 é 租户", 128)).isNull();
		assertThat(TenantIdRule.violation("x".repeat(128), 128)).isNull();
	}

	@Test
	void anIdLongerThanTheLimitIsRefused() {
		assertThat(TenantIdRule.violation("x".repeat(129), 128))
			.isEqualTo("The tenant id is longer than 128 characters.");
	}

	@Test
	void anIdMayHoldAnyScriptAndCharactersBeyondTheBasicPlane() {
		assertThat(TenantIdRule.violation("café", 128)).isNull();
		assertThat(TenantIdRule.violation("日本", 128)).isNull();
		assertThat(TenantIdRule.violation("🚀 rocket", 128)).isNull();
	}

	@Test
	void theLimitCountsUtf16CodeUnitsAsTheForecasterDoes() {
		assertThat(TenantIdRule.violation("🚀".repeat(64), 128)).isNull();
		assertThat(TenantIdRule.violation("🚀".repeat(64) + "x", 128))
			.isEqualTo("The tenant id is longer than 128 characters.");
	}

	@Test
	void anIdWithALoneSurrogateIsRefused() {
		for (String id : new String[] { "a\uD83Db", "a\uDE80", "end\uD83D" }) {
			assertThat(TenantIdRule.violation(id, 128)).as(id)
				.isEqualTo("The tenant id is not well-formed Unicode (it holds a lone surrogate).");
		}
	}

	@Test
	void anIdWithAControlCharacterIsRefused() {
		for (String id : new String[] { "a\tb", "a\u0000b", "a\u007fb", "a\u0085b", "line\nbreak" }) {
			assertThat(TenantIdRule.violation(id, 128)).as(id).isEqualTo("The tenant id contains control characters.");
		}
	}

}
