package io.github.predictivegateway.autoconfigure;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import io.github.predictivegateway.gate.LocalCapacityGate;
import io.github.predictivegateway.filter.StatusCodes;

import org.springframework.validation.Errors;

/**
 * The rules of {@link PredictiveProperties} that involve more than one property. Each
 * broken rule is reported as one error whose message names the property, the value and
 * what is allowed, so that start-up fails with a message an operator can act on.
 */
final class PredictivePropertiesRules {

	private static final String P = PredictiveProperties.PREFIX + ".";

	/**
	 * A gate letting more than a minute of capacity through at once would no longer
	 * protect the backend.
	 */
	private static final Duration MAX_GATE_BURST = Duration.ofSeconds(60);

	/** Longer than this, a waiting client is better told to come back later. */
	private static final Duration MAX_QUEUE_WAIT = Duration.ofMinutes(5);

	private final PredictiveProperties properties;

	PredictivePropertiesRules(PredictiveProperties properties) {
		this.properties = properties;
	}

	void check(Errors errors) {
		checkCapacity(errors);
		checkPlans(errors);
		checkTenants(errors);
		checkStep(errors);
		checkEmptyTenantStatus(errors);
		checkGateAndQueue(errors);
		RedisPropertiesRules.check(this.properties, errors);
	}

	private void checkCapacity(Errors errors) {
		Map<String, Double> capacity = this.properties.getCapacity();
		if (capacity.isEmpty()) {
			reject(errors, "capacity.missing", P + "capacity must declare at least one resource type with the units "
					+ "per second its backend takes, e.g. " + P + "capacity.requests=100");
		}
		capacity.forEach((resource, units) -> {
			if (units == null || !(units > 0) || units.isInfinite()) {
				reject(errors, "capacity.range", P + "capacity." + resource + " is " + units
						+ "; it must be a positive number of units per second");
			}
			else if (units > LocalCapacityGate.MAX_CAPACITY && this.properties.getGate().isEnabled()) {
				reject(errors, "capacity.max",
						P + "capacity." + resource + " is " + units + "; the capacity gate refills at most "
								+ (long) LocalCapacityGate.MAX_CAPACITY
								+ " units per second: count in larger units (e.g. kilobytes instead of bytes)");
			}
		});
	}

	/**
	 * With a plans file and no plans here, plans are checked when the file is read
	 * ({@code PlansFile}).
	 */
	private boolean plansInFile() {
		return this.properties.getPlansFile() != null && this.properties.getPlans().isEmpty();
	}

	private void checkPlans(Errors errors) {
		Map<String, Map<String, PredictiveProperties.ResourcePlan>> plans = this.properties.getPlans();
		Duration poll = this.properties.getPlansFilePoll();
		if (poll != null && poll.toMillis() < 10) {
			reject(errors, "plans-file-poll", P + "plans-file-poll is " + poll + "; it must be at least 10ms");
		}
		if (plansInFile()) {
			return;
		}
		String defaultPlan = this.properties.getDefaultPlan();
		if (!plans.containsKey(defaultPlan)) {
			reject(errors, "plan.default", P + "default-plan is '" + defaultPlan + "', which is not defined under " + P
					+ "plans; defined plans: " + plans.keySet());
		}
		else {
			for (String resource : this.properties.getCapacity().keySet()) {
				if (!plans.get(defaultPlan).containsKey(resource)) {
					reject(errors, "plan.default.resource", P + "plans." + defaultPlan + "." + resource
							+ " is missing: the default plan must set rate and burst for every resource type "
							+ "declared in " + P + "capacity, since other plans and unknown tenants fall back to it");
				}
			}
		}
		plans.forEach((plan, limits) -> limits
			.forEach((resource, limit) -> checkLimit(errors, P + "plans." + plan + "." + resource, resource, limit)));
	}

	private void checkLimit(Errors errors, String path, String resource, PredictiveProperties.ResourcePlan limit) {
		if (!this.properties.getCapacity().containsKey(resource)) {
			reject(errors, "plan.resource", path + " names resource type '" + resource + "', which is not declared "
					+ "in " + P + "capacity; declared: " + this.properties.getCapacity().keySet());
		}
		Double rate = limit.getRate();
		Long burst = limit.getBurst();
		if (rate == null || !(rate > 0) || rate.isInfinite()) {
			reject(errors, "plan.rate",
					path + ".rate is " + rate + "; it must be set to a positive number of " + "units per second");
		}
		if (burst == null || burst < 1) {
			reject(errors, "plan.burst",
					path + ".burst is " + burst + "; it must be set to a whole number of " + "units, at least 1");
		}
		else if (rate != null && rate > 0 && burst < rate) {
			reject(errors, "plan.burst.rate",
					path + ".burst is " + burst + ", below its rate " + rate + "; the burst must be at least the rate");
		}
	}

	private void checkTenants(Errors errors) {
		this.properties.getTenants().forEach((tenant, settings) -> {
			String path = P + "tenants." + tenant;
			String plan = settings.getPlan();
			if (plan != null && !plansInFile() && !this.properties.getPlans().containsKey(plan)) {
				reject(errors, "tenant.plan", path + ".plan is '" + plan + "', which is not defined under " + P
						+ "plans; defined plans: " + this.properties.getPlans().keySet());
			}
			List<PredictiveProperties.DeclaredPreallocation> declared = settings.getPreallocations();
			for (int i = 0; i < declared.size(); i++) {
				checkDeclared(errors, path + ".preallocations[" + i + "]", declared.get(i));
			}
		});
	}

	private void checkDeclared(Errors errors, String path, PredictiveProperties.DeclaredPreallocation declared) {
		if (!this.properties.getCapacity().containsKey(declared.getResource())) {
			reject(errors, "preallocation.resource",
					path + ".resource is '" + declared.getResource() + "', which is not declared in " + P
							+ "capacity; declared: " + this.properties.getCapacity().keySet());
		}
		try {
			ZoneId.of(declared.getZone());
		}
		catch (DateTimeException ex) {
			reject(errors, "preallocation.zone", path + ".zone is '" + declared.getZone()
					+ "', which is not a time zone id (e.g. UTC, Europe/Paris)");
		}
	}

	private void checkStep(Errors errors) {
		if (this.properties.getStep() != null && this.properties.getStep().toMillis() < 1) {
			reject(errors, "step", P + "step is " + this.properties.getStep() + "; it must be at least 1ms");
		}
		if (this.properties.getPreallocationLead() != null && this.properties.getPreallocationLead().isNegative()) {
			reject(errors, "lead", P + "preallocation-lead is " + this.properties.getPreallocationLead()
					+ "; it must not be negative");
		}
	}

	private void checkEmptyTenantStatus(Errors errors) {
		String status = this.properties.getEmptyTenantStatus();
		if (status != null && !status.isBlank()) {
			try {
				StatusCodes.parse(status);
			}
			catch (IllegalArgumentException ex) {
				reject(errors, "empty-tenant-status", P + "empty-tenant-status: " + ex.getMessage());
			}
		}
	}

	private void checkGateAndQueue(Errors errors) {
		Duration burst = this.properties.getGate().getBurst();
		if (burst != null && (burst.toNanos() < 1_000_000 || burst.compareTo(MAX_GATE_BURST) > 0)) {
			reject(errors, "gate.burst",
					P + "gate.burst is " + burst + "; it must be from 1ms to " + MAX_GATE_BURST.toSeconds() + "s");
		}
		PredictiveProperties.MaxWait maxWait = this.properties.getQueue().getMaxWait();
		checkMaxWait(errors, "preallocated", maxWait.getPreallocated());
		checkMaxWait(errors, "standard", maxWait.getStandard());
		Duration drain = this.properties.getQueue().getDrainTimeout();
		if (drain != null && drain.isNegative()) {
			reject(errors, "queue.drain-timeout", P + "queue.drain-timeout is " + drain
					+ "; it must be 0 (answer every waiting request at once on shutdown) or more");
		}
	}

	private void checkMaxWait(Errors errors, String priority, Duration wait) {
		if (wait != null && (wait.isNegative() || wait.compareTo(MAX_QUEUE_WAIT) > 0)) {
			reject(errors, "queue.max-wait",
					P + "queue.max-wait." + priority + " is " + wait + "; it must be from 0 (never wait) to "
							+ MAX_QUEUE_WAIT.toSeconds() + "s, since a client waits that long for an answer");
		}
	}

	private static void reject(Errors errors, String code, String message) {
		errors.reject("predictive." + code, message);
	}

}
