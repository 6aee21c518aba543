package io.github.predictivegateway.usage;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The whole cluster's usage of a step, for a gateway that is one of several instances
 * sharing a store (distributed mode). Each instance adds its own records of a step it
 * closed; once every instance has had time to, each reads the sum. The adjustment, the
 * burst count and the step observations then learn from what the forecast covers, the
 * cluster's demand, not from this instance's share of it.
 */
public interface ClusterUsage {

	/**
	 * Adds this instance's records of {@code step}. Idempotent: adding the same step's
	 * records again replaces this instance's earlier ones, so a retried call never counts
	 * twice.
	 */
	CompletableFuture<Void> contribute(long step, List<StepUsage> records);

	/**
	 * Every instance's records of {@code step} added up, one per tenant × resource type
	 * (counts and units summed, the longest duration the longest of all).
	 */
	CompletableFuture<List<StepUsage>> total(long step);

}
