package io.github.predictivegateway.autoconfigure;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import io.github.predictivegateway.filter.StatusCodes;
import io.github.predictivegateway.plan.ResourceLimit;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.time.ScaledTimeSource;
import io.github.predictivegateway.time.TimeSource;

/**
 * The rules of {@link PredictiveProperties} that involve more than one property or an
 * engine type: a capacity is checked by the resource type, a plan's limits by
 * {@link ResourceLimit}, and references between plans, tenants and resource types here.
 * Each broken rule is reported as one error whose message names the property, the value
 * and what is allowed (see {@link PropertyRules}).
 */
record PredictivePropertiesRules(PredictiveProperties properties, PropertyRules rules) {

	void check() {
		checkCapacity();
		checkPlans();
		checkTenants();
		checkStep();
		checkEmptyTenantStatus();
		checkStore();
		checkTime();
	}

	private void checkCapacity() {
		Map<String, Double> capacity = this.properties.capacity();
		if (capacity.isEmpty()) {
			this.rules.reject("capacity", this.rules.path("capacity") + " must declare at least one resource type "
					+ "with the units per second its backend takes, e.g. " + this.rules.path("capacity.requests=100"));
		}
		capacity.forEach((resource, units) -> this.rules.check("capacity." + resource, "capacity",
				() -> new ResourceType(resource, 0, (units != null) ? units : Double.NaN)));
	}

	/**
	 * With a plans file and no plans here, plans are checked when the file is read
	 * ({@code PlansFile}).
	 */
	private boolean plansInFile() {
		return this.properties.plansFile() != null && this.properties.plans().isEmpty();
	}

	private void checkPlans() {
		Map<String, Map<String, ResourcePlanProperties>> plans = this.properties.plans();
		Duration poll = this.properties.plansFilePoll();
		if (poll != null && poll.toMillis() < 10) {
			this.rules.reject("plans-file-poll",
					this.rules.path("plans-file-poll") + " is " + poll + "; it must be at least 10ms");
		}
		if (plansInFile()) {
			return;
		}
		String defaultPlan = this.properties.defaultPlan();
		if (!plans.containsKey(defaultPlan)) {
			this.rules.reject("default-plan",
					this.rules.path("default-plan") + " is '" + defaultPlan + "', which is not defined under "
							+ this.rules.path("plans") + "; defined plans: " + plans.keySet());
		}
		else {
			for (String resource : this.properties.capacity().keySet()) {
				if (!plans.get(defaultPlan).containsKey(resource)) {
					String path = "plans." + defaultPlan + "." + resource;
					this.rules.reject(path,
							this.rules.path(path) + " is missing: the default plan must set rate and "
									+ "burst for every resource type declared in " + this.rules.path("capacity")
									+ ", since other plans and unknown tenants fall back to it");
				}
			}
		}
		plans.forEach((plan, limits) -> limits.forEach((resource, limit) -> checkLimit(plan, resource, limit)));
	}

	private void checkLimit(String plan, String resource, ResourcePlanProperties limit) {
		String path = "plans." + plan + "." + resource;
		if (!this.properties.capacity().containsKey(resource)) {
			this.rules.reject(path,
					this.rules.path(path) + " names resource type '" + resource + "', which is not " + "declared in "
							+ this.rules.path("capacity") + "; declared: " + this.properties.capacity().keySet());
		}
		this.rules.check(path, limit::toLimit);
	}

	private void checkTenants() {
		this.properties.tenants().forEach((tenant, settings) -> {
			String path = "tenants." + tenant;
			String plan = settings.plan();
			if (plan != null && !plansInFile() && !this.properties.plans().containsKey(plan)) {
				this.rules.reject(path + ".plan",
						this.rules.path(path + ".plan") + " is '" + plan + "', which is not defined under "
								+ this.rules.path("plans") + "; defined plans: " + this.properties.plans().keySet());
			}
			List<DeclaredPreallocationProperties> declared = settings.preallocations();
			for (int i = 0; i < declared.size(); i++) {
				checkDeclared(path + ".preallocations[" + i + "]", declared.get(i));
			}
		});
	}

	private void checkDeclared(String path, DeclaredPreallocationProperties declared) {
		if (!this.properties.capacity().containsKey(declared.resource())) {
			this.rules.reject(path + ".resource",
					this.rules.path(path + ".resource") + " is '" + declared.resource() + "', which is not declared in "
							+ this.rules.path("capacity") + "; declared: " + this.properties.capacity().keySet());
		}
		try {
			ZoneId.of(declared.zone());
		}
		catch (DateTimeException ex) {
			this.rules.reject(path + ".zone", this.rules.path(path + ".zone") + " is '" + declared.zone()
					+ "', which is not a time zone id (e.g. UTC, Europe/Paris)");
		}
	}

	private void checkStep() {
		Duration step = this.properties.step();
		if (step != null && step.toMillis() < 1) {
			this.rules.reject("step", this.rules.path("step") + " is " + step + "; it must be at least 1ms");
		}
		this.rules.notNegative("preallocation-lead", this.properties.preallocationLead());
		this.rules.notNegative("in-step-window", this.properties.inStepWindow());
	}

	private void checkEmptyTenantStatus() {
		String status = this.properties.emptyTenantStatus();
		if (status != null && !status.isBlank()) {
			this.rules.check("empty-tenant-status", "empty-tenant-status", () -> StatusCodes.parse(status));
		}
	}

	private void checkStore() {
		String store = this.properties.store();
		if (store != null && !store.equals("local") && !store.equals("redis")) {
			this.rules.reject("store", this.rules.path("store") + " is '" + store + "'; it must be local or redis");
		}
	}

	private void checkTime() {
		double scale = this.properties.timeScale();
		Instant origin = this.properties.timeOrigin();
		if (origin == null || !(scale >= 1) || Double.isInfinite(scale)) {
			return;
		}
		try {
			ScaledTimeSource.of(TimeSource.system(), origin, scale).epochNanos();
		}
		catch (ArithmeticException ex) {
			this.rules.reject("time-origin",
					this.rules.path("time-origin") + " is " + origin + " with " + this.rules.path("time-scale") + " "
							+ scale + ": compressed time is already past the year 2262; set the origin close to now");
		}
	}

}
