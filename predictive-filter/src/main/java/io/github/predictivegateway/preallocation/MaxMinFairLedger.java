package io.github.predictivegateway.preallocation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.predictivegateway.plan.ResourceType;

/**
 * The local reservation ledger: grants every request in full when they fit, and otherwise
 * shares the reservable capacity by weighted max-min fairness (water-filling), never
 * first come, first served.
 *
 * <p>
 * Water-filling finds the level {@code λ} with {@code Σ min(dᵢ, λ·wᵢ) = R} (desired
 * {@code dᵢ}, weight {@code wᵢ}, reservable {@code R}) and grants {@code min(dᵢ, λ·wᵢ)}:
 * nobody gets more than asked, and nobody who got less than asked could get more without
 * taking from someone whose grant per weight is not larger. Requests are visited by
 * {@code dᵢ / wᵢ} ascending; each is granted in full while its desire is below its
 * weighted share of what is left, and the rest split what is left by weight.
 *
 * <p>
 * Grants are whole units: the fractional shares are floored and the units left over go,
 * one each, to the largest fractional parts (ties by tenant id), so the sum never exceeds
 * {@code R} and the result is deterministic.
 */
public final class MaxMinFairLedger implements ReservationLedger {

	private static final Comparator<ReservationRequest> BY_DESIRE_PER_WEIGHT = Comparator
		.comparingDouble((ReservationRequest r) -> r.desired() / r.weight())
		.thenComparing(ReservationRequest::tenant);

	@Override
	public Map<String, Long> grant(long step, ResourceType resource, List<ReservationRequest> requests,
			long reservableUnits) {
		if (reservableUnits < 0) {
			throw new IllegalArgumentException("reservable units cannot be negative, got " + reservableUnits);
		}
		Map<String, Long> grants = new HashMap<>();
		long totalDesired = 0;
		for (ReservationRequest request : requests) {
			totalDesired = saturatedAdd(totalDesired, request.desired());
		}
		if (totalDesired <= reservableUnits) {
			for (ReservationRequest request : requests) {
				grants.put(request.tenant(), request.desired());
			}
			return grants;
		}
		List<ReservationRequest> sorted = new ArrayList<>(requests);
		sorted.sort(BY_DESIRE_PER_WEIGHT);
		double[] shares = waterFill(sorted, reservableUnits);
		return roundDown(sorted, shares, reservableUnits);
	}

	/**
	 * {@code a + b} for non-negative numbers, or {@link Long#MAX_VALUE} where it would
	 * overflow: desires as large as a long (an unbounded plan times a forecast gone to
	 * infinity) must still be shared, not fail the step.
	 */
	private static long saturatedAdd(long a, long b) {
		long sum = a + b;
		return (sum < 0) ? Long.MAX_VALUE : sum;
	}

	private static double[] waterFill(List<ReservationRequest> sorted, long reservableUnits) {
		double[] shares = new double[sorted.size()];
		double left = reservableUnits;
		double weightLeft = 0;
		for (ReservationRequest request : sorted) {
			weightLeft += request.weight();
		}
		for (int i = 0; i < sorted.size(); i++) {
			ReservationRequest request = sorted.get(i);
			double fairShare = left * request.weight() / weightLeft;
			if (request.desired() <= fairShare) {
				shares[i] = request.desired();
				left -= request.desired();
				weightLeft -= request.weight();
				continue;
			}
			for (int j = i; j < sorted.size(); j++) {
				shares[j] = Math.min(sorted.get(j).desired(), left * sorted.get(j).weight() / weightLeft);
			}
			break;
		}
		return shares;
	}

	private static Map<String, Long> roundDown(List<ReservationRequest> sorted, double[] shares, long reservableUnits) {
		long[] whole = new long[shares.length];
		long sum = 0;
		List<Integer> byFraction = new ArrayList<>(shares.length);
		for (int i = 0; i < shares.length; i++) {
			whole[i] = (long) Math.floor(shares[i]);
			sum += whole[i];
			byFraction.add(i);
		}
		byFraction.sort(Comparator.comparingDouble((Integer i) -> -(shares[i] - whole[i]))
			.thenComparing(i -> sorted.get(i).tenant()));
		long leftover = reservableUnits - sum;
		for (int k = 0; k < byFraction.size() && leftover > 0; k++) {
			int i = byFraction.get(k);
			if (whole[i] < sorted.get(i).desired()) {
				whole[i]++;
				leftover--;
			}
		}
		Map<String, Long> grants = new HashMap<>();
		for (int i = 0; i < whole.length; i++) {
			grants.put(sorted.get(i).tenant(), whole[i]);
		}
		return grants;
	}

}
