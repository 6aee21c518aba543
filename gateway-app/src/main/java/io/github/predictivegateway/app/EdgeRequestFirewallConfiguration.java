package io.github.predictivegateway.app;

import java.util.Locale;
import java.util.function.Predicate;

import io.github.predictivegateway.filter.HeaderTenantResolver;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

/**
 * Spring Security's request firewall, which its filter chain applies to every exchange of
 * the gateway in both tenant modes: with
 * {@code predictive.edge.request-firewall.enabled=true} (the default) Spring Security's
 * {@link StrictServerWebExchangeFirewall}, which answers {@code 400} to requests whose
 * path is not normalized or carries encoded slashes, dots, percent signs or semicolons,
 * and checks every request and response header it is asked for; with {@code false}, none:
 * every request is forwarded as a Spring Cloud Gateway without Spring Security would
 * forward it.
 *
 * <p>
 * The strict firewall is a protection a plain Spring Cloud Gateway does not have (a
 * {@code /demo/..;/admin} path reaching a backend that normalizes it differently from the
 * route predicate), so it stays on unless switched off. It is also the largest cost
 * Spring Security adds to a proxied request: on the 2-core host of {@code BENCHMARKS.md}
 * it took about a fifth of the gateway's CPU per request, and it re-reads every response
 * header before the response is sent, so the rate-limit headers of the
 * {@code PredictiveRateLimiter} cost more with it than without it.
 */
@Configuration(proxyBeanMethods = false)
class EdgeRequestFirewallConfiguration {

	static final String PROPERTY = "predictive.edge.request-firewall.enabled";

	/**
	 * @param enabled {@code true} or {@code false} in any case (YAML's {@code on},
	 * {@code off}, {@code yes} and {@code no} arrive as these)
	 */
	@Bean
	ServerWebExchangeFirewall edgeRequestFirewall(@Value("${" + PROPERTY + ":true}") String enabled) {
		return switch (enabled.trim().toLowerCase(Locale.ROOT)) {
			case "true" -> strictFirewall();
			case "false" -> ServerWebExchangeFirewall.INSECURE_NOOP;
			default -> throw new IllegalArgumentException(PROPERTY + " is '" + enabled
					+ "'; it must be true (Spring Security's StrictServerWebExchangeFirewall, the default) or false");
		};
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
