package io.github.predictivegateway.redis;

import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.PlanCatalogs;
import io.github.predictivegateway.time.TimeSource;

/**
 * The plans in force on this instance, each with a version that orders it against the
 * plans of other instances: the engine time (epoch nanoseconds) at which this instance
 * first used it, the start-up catalog when this object is made. A shared bucket takes a
 * configuration only from a higher version than the one it holds (Bucket4j's implicit
 * configuration replacement), so among instances that have used a bucket, the one that
 * put its plans in force last decides its limits, and an instance still on older plans
 * never writes them over newer ones.
 *
 * <p>
 * Versions of one instance strictly increase ({@code max(now, previous + 1)}), whatever
 * its clock does. Reading the version in force is one comparison of references when the
 * plans did not change.
 */
final class PlanVersions {

	private final PlanCatalogs plans;

	private final TimeSource time;

	private volatile Versioned current;

	PlanVersions(PlanCatalogs plans, TimeSource time) {
		this.plans = plans;
		this.time = time;
		this.current = new Versioned(plans.get(), time.epochNanos());
	}

	/**
	 * The plans in force and their version; a replaced catalog gets its version from the
	 * first call that sees it. Callers take the limits from the returned
	 * {@link Versioned#plans()}, so the limits and the version agree.
	 */
	Versioned current() {
		Versioned seen = this.current;
		return (seen.plans() == this.plans.get()) ? seen : renew();
	}

	private synchronized Versioned renew() {
		// read again under the lock: a caller that saw an older replacement must not put
		// it back in force
		PlanCatalog catalog = this.plans.get();
		Versioned seen = this.current;
		if (seen.plans() != catalog) {
			seen = new Versioned(catalog, Math.max(this.time.epochNanos(), seen.version() + 1));
			this.current = seen;
		}
		return seen;
	}

	/** A plan catalog and the version this instance gave it. */
	record Versioned(PlanCatalog plans, long version) {
	}

}
