package io.github.predictivegateway.autoconfigure;

import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A tenant's plan and the pre-allocations declared for it.
 */
public class TenantProperties {

	/** Name of the tenant's plan. Unset: the default plan. */
	private @Nullable String plan;

	/**
	 * Pre-allocations declared for this tenant instead of (or before) forecasting them.
	 */
	private List<@Valid DeclaredPreallocationProperties> preallocations = new ArrayList<>();

	public @Nullable String getPlan() {
		return this.plan;
	}

	public void setPlan(@Nullable String plan) {
		this.plan = plan;
	}

	public List<DeclaredPreallocationProperties> getPreallocations() {
		return this.preallocations;
	}

	public void setPreallocations(List<DeclaredPreallocationProperties> preallocations) {
		this.preallocations = preallocations;
	}

}
