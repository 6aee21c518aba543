package io.github.predictivegateway.sidecar.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SidecarTokenTests {

	private final SidecarToken token = SidecarToken.of("s3cr3t-Tok3n");

	@Test
	void theBearerTokenMatches() {
		assertThat(this.token.matches("Bearer s3cr3t-Tok3n")).isTrue();
		assertThat(this.token.matches("bearer s3cr3t-Tok3n")).isTrue();
	}

	@Test
	void anotherTokenAPrefixOrAnotherSchemeDoesNotMatch() {
		assertThat(this.token.matches("Bearer s3cr3t-Tok3m")).isFalse();
		assertThat(this.token.matches("Bearer s3cr3t")).isFalse();
		assertThat(this.token.matches("Bearer s3cr3t-Tok3n-and-more")).isFalse();
		assertThat(this.token.matches("Basic s3cr3t-Tok3n")).isFalse();
		assertThat(this.token.matches("s3cr3t-Tok3n")).isFalse();
		assertThat(this.token.matches("Bearer ")).isFalse();
		assertThat(this.token.matches(null)).isFalse();
	}

	@Test
	void theTokenIsNeverPrinted() {
		assertThat(this.token.toString()).doesNotContain("s3cr3t").isEqualTo("SidecarToken[configured]");
	}

	@Test
	void aBlankTokenIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> SidecarToken.of("  "));
	}

}
