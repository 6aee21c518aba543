package io.github.predictivegateway.observe;

/**
 * Lending in one closed step of one resource type: reserved units their owners left idle
 * that other tenants' standard requests used.
 *
 * <p>
 * With {@code C} the capacity per step, {@code G} the units granted to all tenants,
 * {@code W} the granted units left unspent at the step's end and {@code S} the units
 * admitted from standard buckets (admitted units minus those served from shadow buckets),
 * standard admissions beyond the unreserved capacity {@code C − G} can only have been
 * served by idle reservations, so <pre>
 *   lent = min(W, max(0, S − (C − G)))
 * </pre> It is a lower bound of what was borrowed: standard requests that came early in
 * the step, before the owners claimed their reservations, are not told apart. Admitted
 * units of a series are its offered units in proportion of its admitted requests
 * ({@code units × admitted / attempted}), exact when its requests all cost the same.
 *
 * @param resource the resource type
 * @param step index of the step
 * @param capacity units the backend takes in one step ({@code C})
 * @param granted units granted to all tenants ({@code G})
 * @param wasted granted units left unspent ({@code W})
 * @param standard units admitted from standard buckets ({@code S})
 * @param lent idle reserved units that standard admissions used
 */
public record ResourceLending(String resource, long step, double capacity, long granted, long wasted, double standard,
		double lent) {

	/** Applies the rule above. */
	public static ResourceLending of(String resource, long step, double capacity, long granted, long wasted,
			double standard) {
		double lent = Math.min(wasted, Math.max(0, standard - (capacity - granted)));
		return new ResourceLending(resource, step, capacity, granted, wasted, standard, lent);
	}

}
