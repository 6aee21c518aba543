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
 * one each, to the largest fractional parts (ties by tenant id); the sum is then checked
 * in exact long arithmetic and set to exactly {@code min(R, Σ d)}, so floating point
 * never grants a unit beyond {@code R}, at any scale, and the result is deterministic.
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
		int n = sorted.size();
		double[] shares = new double[n];
		// the weight of the requests from i on, summed from the end: a running difference
		// (total minus the weights granted in full) loses most of its digits when weights
		// span orders of magnitude, and then the shares overshoot or fall short by units
		double[] weightFrom = new double[n + 1];
		for (int i = n - 1; i >= 0; i--) {
			weightFrom[i] = weightFrom[i + 1] + sorted.get(i).weight();
		}
		long left = reservableUnits; // exact: the desires granted in full are whole units
		for (int i = 0; i < n; i++) {
			ReservationRequest request = sorted.get(i);
			double fairShare = (double) left * request.weight() / weightFrom[i];
			if (request.desired() <= fairShare && request.desired() <= left) {
				shares[i] = request.desired();
				left -= request.desired();
				continue;
			}
			for (int j = i; j < n; j++) {
				shares[j] = Math.min(sorted.get(j).desired(), (double) left * sorted.get(j).weight() / weightFrom[i]);
			}
			break;
		}
		return shares;
	}

	/**
	 * Whole units from the shares: each floored (within {@code [0, desired]}), then the
	 * sum made exactly {@code min(R, Σ d)} in long arithmetic. Floating point at large
	 * scales (10¹² units and more, where a double's spacing is a fraction of a unit or
	 * more) can put the floored sum a few units above {@code R} as well as below it:
	 * units missing go one each to the largest fractional parts (ties by tenant id),
	 * round after round, to those still below their desire; units too many are taken back
	 * one each from the smallest fractional parts (ties by tenant id, reversed), round
	 * after round, from those above zero.
	 */
	private static Map<String, Long> roundDown(List<ReservationRequest> sorted, double[] shares, long reservableUnits) {
		int n = shares.length;
		long[] whole = new long[n];
		long sum = 0;
		long desired = 0;
		List<Integer> byFraction = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			long floor = (long) Math.floor(shares[i]);
			whole[i] = Math.max(0, Math.min(sorted.get(i).desired(), floor));
			sum += whole[i];
			desired = saturatedAdd(desired, sorted.get(i).desired());
			byFraction.add(i);
		}
		byFraction.sort(Comparator.comparingDouble((Integer i) -> -(shares[i] - whole[i]))
			.thenComparing(i -> sorted.get(i).tenant()));
		long target = Math.min(reservableUnits, desired);
		boolean moved = true;
		while (sum < target && moved) {
			moved = false;
			for (int k = 0; k < n && sum < target; k++) {
				int i = byFraction.get(k);
				if (whole[i] < sorted.get(i).desired()) {
					whole[i]++;
					sum++;
					moved = true;
				}
			}
		}
		while (sum > target) {
			for (int k = n - 1; k >= 0 && sum > target; k--) {
				int i = byFraction.get(k);
				if (whole[i] > 0) {
					whole[i]--;
					sum--;
				}
			}
		}
		Map<String, Long> grants = new HashMap<>();
		for (int i = 0; i < n; i++) {
			grants.put(sorted.get(i).tenant(), whole[i]);
		}
		return grants;
	}

}
