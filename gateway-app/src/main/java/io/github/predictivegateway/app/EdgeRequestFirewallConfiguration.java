package io.github.predictivegateway.app;

import java.util.Locale;
import java.util.function.Predicate;

import io.github.predictivegateway.filter.HeaderTenantResolver;

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
		return enabled(enabled) ? strictFirewall() : ServerWebExchangeFirewall.INSECURE_NOOP;
	}

	/**
	 * The header-mode firewall; switched off, a filter that only passes the exchange on.
	 */
	@Bean
	@ConditionalOnProperty(name = "predictive.tenant-source", havingValue = "header", matchIfMissing = true)
	WebFilter edgeRequestFirewallFilter(@Value("${" + PROPERTY + ":true}") String enabled) {
		return enabled(enabled) ? new EdgeRequestFirewall() : (exchange, chain) -> chain.filter(exchange);
	}

	/**
	 * Spring Security's strict firewall, except that a header value whose bytes are UTF-8
	 * is judged by its characters: HTTP/1.1 servers hand a value over one character per
	 * byte, so the UTF-8 bytes of "日本" or "🚀" read as ISO-8859-1 hold C1 control
	 * characters, which the strict firewall refuses (a 400 without a body or a log line,
	 * before the {@code PredictiveRateLimiter} filter ever sees the tenant). The filter's
	 * header resolver reads such values as UTF-8 ({@link HeaderTenantResolver#readUtf8});
	 * the firewall now lets through what either reading finds free of control characters,
	 * and nothing else.
	 */
	static StrictServerWebExchangeFirewall strictFirewall() {
		StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
		Predicate<String> strict = StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES;
		firewall.setAllowedHeaderValues(strict.or(value -> {
			String characters = HeaderTenantResolver.readUtf8(value);
			return characters != null && !characters.equals(value) && strict.test(characters);
		}));
		return firewall;
	}

}
