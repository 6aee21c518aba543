package io.github.predictivegateway.app;

import org.junit.jupiter.api.Test;

import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

import static org.assertj.core.api.Assertions.assertThat;
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

}
