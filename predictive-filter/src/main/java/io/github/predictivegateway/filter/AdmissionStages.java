package io.github.predictivegateway.filter;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.admission.AdmissionEngine;
import io.github.predictivegateway.gate.AdmissionQueues;
import io.github.predictivegateway.metrics.DecisionMeters;
import io.github.predictivegateway.usage.UsageAggregator;

/**
 * What every route's {@code PredictiveRateLimiter} shares: the stages a request passes
 * and where its decision is counted.
 *
 * @param engine the tenant stage (pre-allocation, then the standard bucket)
 * @param queues the second stage, capacity gates and their admission queues; {@code null}
 * for none
 * @param usage where decided requests are counted for usage feedback, or {@code null}
 * @param failover distributed mode: what routes do when the shared store cannot answer;
 * {@code null} in local mode
 * @param decisions where every route's decisions are counted
 * ({@code predictive.decisions})
 */
public record AdmissionStages(AdmissionEngine engine, @Nullable AdmissionQueues queues, @Nullable UsageAggregator usage,
		@Nullable StoreFailover failover, DecisionMeters decisions) {

	public AdmissionStages {
		Objects.requireNonNull(engine, "engine");
		Objects.requireNonNull(decisions, "decisions");
	}

	/** The tenant stage only: no capacity gate, no usage, local mode, no meters. */
	public static AdmissionStages of(AdmissionEngine engine) {
		return new AdmissionStages(engine, null, null, null, DecisionMeters.none());
	}

}
