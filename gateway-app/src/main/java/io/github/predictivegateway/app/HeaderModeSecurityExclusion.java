package io.github.predictivegateway.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Spring Security is on the gateway's class path only for
 * {@code predictive.tenant-source=jwt}. In the default header mode nobody is
 * authenticated, so its auto-configurations are excluded before the context is built: no
 * {@code WebFilterChainProxy}, no security filter chain, no security context on any
 * exchange. That chain, even permitting everything with every header writer off, cost a
 * proxied request about a quarter of a plain Spring Cloud Gateway's CPU per request
 * (issue 22, {@code BENCHMARKS.md}). The request firewall it carried is
 * {@link EdgeRequestFirewall} in header mode.
 *
 * <p>
 * Classes already listed in {@code spring.autoconfigure.exclude} stay excluded; with
 * {@code predictive.tenant-source=jwt} nothing is added.
 */
class HeaderModeSecurityExclusion implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE = "predictiveHeaderModeSecurityExclusion";

	static final List<String> SECURITY_AUTO_CONFIGURATIONS = List.of(
			"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration",
			"org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (jwtMode(environment)) {
			return;
		}
		Binder binder = Binder.get(environment);
		List<String> excluded = new ArrayList<>(
				binder.bind("spring.autoconfigure.exclude", Bindable.listOf(String.class)).orElse(List.of()));
		for (String name : SECURITY_AUTO_CONFIGURATIONS) {
			if (!excluded.contains(name)) {
				excluded.add(name);
			}
		}
		environment.getPropertySources()
			.addFirst(new MapPropertySource(PROPERTY_SOURCE,
					Map.of("spring.autoconfigure.exclude", String.join(",", excluded))));
	}

	static boolean jwtMode(ConfigurableEnvironment environment) {
		String source = environment.getProperty("predictive.tenant-source", "header");
		return source.trim().equalsIgnoreCase("jwt");
	}

	/** After the configuration files are read. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
