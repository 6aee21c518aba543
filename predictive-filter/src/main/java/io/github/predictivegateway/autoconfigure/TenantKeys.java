package io.github.predictivegateway.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Finds tenant ids beyond ASCII written as plain keys under {@code predictive.tenants}.
 * Spring Boot drops the characters a property name cannot hold from such a key
 * ({@code café} binds as the tenant {@code caf}), so the entry would silently never match
 * its tenant; written in brackets ({@code "[café]"}) it keeps them. Start-up stops on
 * such a key, naming it, rather than limit the wrong tenant.
 */
final class TenantKeys {

	private static final String PREFIX = PredictiveProperties.PREFIX + ".tenants.";

	private TenantKeys() {
	}

	/** One problem per unbracketed non-ASCII tenant key, or none. */
	static List<String> unbracketed(Environment environment) {
		Set<String> ids = new TreeSet<>();
		if (environment instanceof ConfigurableEnvironment configurable) {
			for (PropertySource<?> source : configurable.getPropertySources()) {
				if (source instanceof EnumerablePropertySource<?> enumerable) {
					for (String name : enumerable.getPropertyNames()) {
						if (name.startsWith(PREFIX)) {
							String rest = name.substring(PREFIX.length());
							int dot = rest.indexOf('.');
							String id = (dot < 0) ? rest : rest.substring(0, dot);
							if (!id.startsWith("[") && id.chars().anyMatch(c -> c >= 0x80)) {
								ids.add(id);
							}
						}
					}
				}
			}
		}
		List<String> problems = new ArrayList<>();
		for (String id : ids) {
			problems.add(PREFIX + id + ": a tenant id beyond ASCII must be written in brackets, \"[" + id
					+ "]\", or Spring Boot drops the characters it does not allow in a property name and the entry "
					+ "never matches its tenant");
		}
		return problems;
	}

}
