package io.github.predictivegateway.plan;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The plan catalog in force, replaceable while the gateway runs (a watched plans file):
 * the one mutable place, so that {@link PlanCatalog} itself stays immutable and validated
 * in its constructor. Readers take {@link #get()} once per decision; a replacement is
 * seen by the next decision.
 */
public final class PlanCatalogs implements Supplier<PlanCatalog> {

	private final AtomicReference<PlanCatalog> current;

	public PlanCatalogs(PlanCatalog initial) {
		this.current = new AtomicReference<>(initial);
	}

	/** A holder that is never replaced. */
	public static PlanCatalogs of(PlanCatalog catalog) {
		return new PlanCatalogs(catalog);
	}

	@Override
	public PlanCatalog get() {
		return this.current.get();
	}

	/**
	 * Puts {@code next} in force.
	 * @return the catalog it replaces
	 * @throws IllegalArgumentException if {@code next} declares other resource types
	 * (they are fixed at start)
	 */
	public PlanCatalog replace(PlanCatalog next) {
		PlanCatalog previous = this.current.get();
		if (!previous.resources().all().equals(next.resources().all())) {
			throw new IllegalArgumentException("a new plan catalog must keep the resource types "
					+ previous.resources().all() + "; it has " + next.resources().all());
		}
		this.current.set(next);
		return previous;
	}

}
