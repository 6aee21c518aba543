package io.github.predictivegateway.app;

import java.util.Locale;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.web.server.WebFilter;

/**
 * The gateway's request firewall, {@code predictive.edge.request-firewall.enabled}
 * ({@code true} by default, {@code false} switches it off: every request is forwarded as
 * a Spring Cloud Gateway without it would forward it).
 *
 * <p>
 * In the default header mode Spring Security is not set up
 * ({@link HeaderModeSecurityExclusion}) and the firewall is {@link EdgeRequestFirewall},
 * a web filter that checks the request line once. With
 * {@code predictive.tenant-source=jwt} Spring Security's filter chain validates bearer
 * tokens and applies its own {@link StrictServerWebExchangeFirewall} (or none, when
 * disabled).
 *
 * <p>
 * The firewall is a protection a plain Spring Cloud Gateway does not have (a
 * {@code /demo/..;/admin} path reaching a backend that normalizes it differently from the
 * route predicate), so it stays on unless switched off.
 */
@Configuration(proxyBeanMethods = false)
class EdgeRequestFirewallConfiguration {

	static final String PROPERTY = "predictive.edge.request-firewall.enabled";

	/** Whether the value is {@code true} or {@code false}, in any case. */
	static boolean enabled(String value) {
		return switch (value.trim().toLowerCase(Locale.ROOT)) {
			case "true" -> true;
			case "false" -> false;
			default -> throw new IllegalArgumentException(PROPERTY + " is '" + value
					+ "'; it must be true (the strict request firewall, the default) or false");
		};
	}

	/**
	 * Spring Security's firewall, for its filter chain in JWT mode.
	 * @param enabled {@code true} or {@code false} in any case (YAML's {@code on},
	 * {@code off}, {@code yes} and {@code no} arrive as these)
	 */
	@Bean
	@ConditionalOnProperty(name = "predictive.tenant-source", havingValue = "jwt")
	ServerWebExchangeFirewall edgeRequestFirewall(@Value("${" + PROPERTY + ":true}") String enabled) {
		return enabled(enabled) ? new StrictServerWebExchangeFirewall() : ServerWebExchangeFirewall.INSECURE_NOOP;
	}

	/**
	 * The header-mode firewall; switched off, a filter that only passes the exchange on.
	 */
	@Bean
	@ConditionalOnProperty(name = "predictive.tenant-source", havingValue = "header", matchIfMissing = true)
	WebFilter edgeRequestFirewallFilter(@Value("${" + PROPERTY + ":true}") String enabled) {
		return enabled(enabled) ? new EdgeRequestFirewall() : (exchange, chain) -> chain.filter(exchange);
	}

}
