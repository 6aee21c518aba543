package io.github.predictivegateway.autoconfigure;

import jakarta.validation.Valid;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A tenant's plan and the pre-allocations declared for it.
 *
 * @param plan Name of the tenant's plan. Unset: the default plan.
 * @param preallocations Pre-allocations declared for this tenant instead of (or before)
 * forecasting them.
 */
public record TenantProperties(@Nullable String plan, List<@Valid DeclaredPreallocationProperties> preallocations) {
	public TenantProperties {
		preallocations = (preallocations != null) ? List.copyOf(preallocations) : List.of();
	}

}
