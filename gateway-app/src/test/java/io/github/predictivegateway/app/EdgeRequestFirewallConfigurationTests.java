package io.github.predictivegateway.app;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EdgeRequestFirewallConfigurationTests {

	private final EdgeRequestFirewallConfiguration configuration = new EdgeRequestFirewallConfiguration();

	@Test
	void enabledIsSpringSecuritysStrictFirewall() {
		assertThat(this.configuration.edgeRequestFirewall("true")).isInstanceOf(StrictServerWebExchangeFirewall.class);
	}

	@Test
	void disabledIsTheFirewallThatLetsEverythingThrough() {
		assertThat(this.configuration.edgeRequestFirewall("FALSE")).isSameAs(ServerWebExchangeFirewall.INSECURE_NOOP);
	}

	@Test
	void enabledInHeaderModeIsTheEdgeRequestFirewall() {
		assertThat(this.configuration.edgeRequestFirewallFilter("true")).isInstanceOf(EdgeRequestFirewall.class);
	}

	@Test
	void disabledInHeaderModeIsAFilterThatOnlyPassesTheExchangeOn() {
		assertThat(this.configuration.edgeRequestFirewallFilter("False")).isNotInstanceOf(EdgeRequestFirewall.class);
	}

	@Test
	void anyOtherValueIsRefusedNamingThePropertyAndTheChoices() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.configuration.edgeRequestFirewall("strict"))
			.withMessage("predictive.edge.request-firewall.enabled is 'strict'; it must be true (the strict "
					+ "request firewall, the default) or false");
	}

	/** A value as an HTTP/1.1 server hands it over: one character per byte received. */
	private static String asReceived(String value) {
		return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
	}

	private static String tenantHeaderThrough(ServerWebExchangeFirewall firewall, String value) {
		ServerWebExchange exchange = firewall
			.getFirewalledExchange(
					MockServerWebExchange.from(MockServerHttpRequest.get("/").header("X-Tenant-Id", value).build()))
			.block();
		return exchange.getRequest().getHeaders().getFirst("X-Tenant-Id");
	}

	@Test
	void theStrictFirewallLetsTheUtf8BytesOfNonAsciiIdsThrough() {
		ServerWebExchangeFirewall firewall = this.configuration.edgeRequestFirewall("true");

		for (String id : new String[] { "café", "日本", "🚀", "ключ" }) {
			assertThat(tenantHeaderThrough(firewall, asReceived(id))).isEqualTo(asReceived(id));
		}
	}

	@Test
	void theStrictFirewallStillRefusesControlCharactersInEitherReading() {
		ServerWebExchangeFirewall firewall = this.configuration.edgeRequestFirewall("true");

		for (String value : new String[] { "a\u0085b", asReceived("a\u0085b"), "a\u0001b" }) {
			assertThatExceptionOfType(ServerExchangeRejectedException.class)
				.isThrownBy(() -> tenantHeaderThrough(firewall, value));
		}
	}

}
