package io.github.predictivegateway.filter;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The header resolver's rule for what a header value means: HTTP/1.1 servers hand a value
 * over one character per byte, and the resolver reads those bytes as UTF-8.
 */
class HeaderTenantResolverTests {

	private final HeaderTenantResolver resolver = new HeaderTenantResolver("X-Tenant-Id");

	/** The value as Netty hands it over: one character per byte received. */
	private static String asReceived(String tenant) {
		return new String(tenant.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
	}

	private StepVerifier.FirstStep<String> resolve(String... values) {
		return StepVerifier.create(this.resolver
			.resolve(MockServerWebExchange.from(MockServerHttpRequest.get("/").header("X-Tenant-Id", values).build())));
	}

	@Test
	void theUtf8BytesOfAnIdAreReadAsItsCharacters() {
		for (String tenant : new String[] { "café", "日本", "🚀", "ключ" }) {
			resolve(asReceived(tenant)).expectNext(tenant).verifyComplete();
		}
	}

	@Test
	void anAsciiIdIsTakenAsItIsTrimmed() {
		resolve("  acme ").expectNext("acme").verifyComplete();
	}

	@Test
	void aValueThatAlreadyHoldsCharactersBeyondLatin1IsTakenAsCharacters() {
		resolve("日本").expectNext("日本").verifyComplete();
	}

	@Test
	void bytesThatAreNotUtf8AreAnInvalidRequest() {
		resolve("caf\u00e9")
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOf(InvalidRequestException.class)
				.hasMessage("The X-Tenant-Id header is not UTF-8; send a non-ASCII tenant id as the UTF-8 bytes of "
						+ "its characters"))
			.verify();
	}

	@Test
	void theHeaderTwiceIsAnInvalidRequest() {
		resolve("acme", "globex")
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOf(InvalidRequestException.class)
				.hasMessage("The X-Tenant-Id header appears 2 times; send it once"))
			.verify();
	}

	@Test
	void noHeaderOrABlankOneIsNoTenant() {
		resolve().verifyComplete();
		resolve("  ").verifyComplete();
	}

}
