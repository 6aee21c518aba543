package io.github.predictivegateway.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.predictivegateway.filter.PredictiveRateLimiterGatewayFilterFactory;
import io.github.predictivegateway.filter.RequestCost;
import io.github.predictivegateway.plan.ResourceTypes;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.support.NameUtils;

/**
 * Checks, once the context is up, the arguments of every {@code PredictiveRateLimiter} in
 * the configured routes and default filters. Gateway builds routes lazily and only logs a
 * route it cannot build; a rate limiter on an unknown resource type must instead stop
 * start-up, naming the route and what is allowed.
 */
record PredictiveRoutesCheck(GatewayProperties gateway, ResourceTypes resources) implements SmartInitializingSingleton {

	private static final String FILTER_NAME = NameUtils
		.normalizeFilterFactoryName(PredictiveRateLimiterGatewayFilterFactory.class);

	private static final String ROUTES = "spring.cloud.gateway.server.webflux.";

	@Override
	public void afterSingletonsInstantiated() {
		List<String> problems = new ArrayList<>();
		List<FilterDefinition> defaults = this.gateway.getDefaultFilters();
		for (int i = 0; i < defaults.size(); i++) {
			check(defaults.get(i), ROUTES + "default-filters[" + i + "]", problems);
		}
		List<RouteDefinition> routes = this.gateway.getRoutes();
		for (int r = 0; r < routes.size(); r++) {
			List<FilterDefinition> filters = routes.get(r).getFilters();
			for (int f = 0; f < filters.size(); f++) {
				check(filters.get(f),
						ROUTES + "routes[" + r + "].filters[" + f + "] (route '" + routes.get(r).getId() + "')",
						problems);
			}
		}
		if (!problems.isEmpty()) {
			throw new PredictiveConfigurationException(problems);
		}
	}

	private void check(FilterDefinition filter, String where, List<String> problems) {
		if (!FILTER_NAME.equals(filter.getName())) {
			return;
		}
		Map<String, String> args = filter.getArgs();
		String resource = argument(args, PredictiveRateLimiterGatewayFilterFactory.RESOURCE_KEY, 0);
		if (resource == null || resource.isBlank()) {
			problems
				.add(where + ": the 'resource' argument is required; declared resource types (predictive.capacity): "
						+ names());
		}
		else if (!resource.startsWith("#{") && !this.resources.contains(resource)) {
			problems.add(where + ": resource '" + resource + "' is not a declared resource type; declared "
					+ "(predictive.capacity): " + names());
		}
		String cost = argument(args, PredictiveRateLimiterGatewayFilterFactory.COST_KEY, 1);
		if (cost != null && !cost.startsWith("#{")) {
			try {
				RequestCost.parse(cost);
			}
			catch (IllegalArgumentException ex) {
				problems.add(where + ": " + ex.getMessage());
			}
		}
	}

	private static String argument(Map<String, String> args, String name, int shortcutPosition) {
		String value = args.get(name);
		return (value != null) ? value : args.get(NameUtils.generateName(shortcutPosition));
	}

	private List<String> names() {
		return this.resources.all().stream().map(type -> type.name()).toList();
	}

}
