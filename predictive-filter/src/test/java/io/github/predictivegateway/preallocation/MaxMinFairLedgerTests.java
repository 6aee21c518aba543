package io.github.predictivegateway.preallocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.plan.ResourceType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MaxMinFairLedgerTests {

	private final MaxMinFairLedger ledger = new MaxMinFairLedger();

	private final ResourceType db = new ResourceType("db", 0, 10);

	@Test
	void requestsThatFitAreGrantedInFull() {
		Map<String, Long> grants = this.ledger.grant(1, this.db,
				List.of(new ReservationRequest("a", 10, 1), new ReservationRequest("b", 20, 1)), 30);

		assertThat(grants).containsExactlyInAnyOrderEntriesOf(Map.of("a", 10L, "b", 20L));
	}

	@Test
	void oversubscriptionFillsSmallRequestsAndSplitsTheRestEvenly() {
		Map<String, Long> grants = this.ledger.grant(1, this.db, List.of(new ReservationRequest("small", 10, 1),
				new ReservationRequest("mid", 50, 1), new ReservationRequest("big", 100, 1)), 90);

		assertThat(grants).containsExactlyInAnyOrderEntriesOf(Map.of("small", 10L, "mid", 40L, "big", 40L));
	}

	@Test
	void weightsSplitOversubscribedCapacityInProportion() {
		Map<String, Long> grants = this.ledger.grant(1, this.db,
				List.of(new ReservationRequest("bronze", 100, 1), new ReservationRequest("gold", 100, 2)), 90);

		assertThat(grants).containsExactlyInAnyOrderEntriesOf(Map.of("bronze", 30L, "gold", 60L));
	}

	@Test
	void leftoverUnitsOfRoundingGoToTheLargestFractionsThenByTenantId() {
		Map<String, Long> grants = this.ledger.grant(1, this.db, List.of(new ReservationRequest("c", 10, 1),
				new ReservationRequest("a", 10, 1), new ReservationRequest("b", 10, 1)), 10);

		assertThat(grants).containsExactlyInAnyOrderEntriesOf(Map.of("a", 4L, "b", 3L, "c", 3L));
	}

	@Test
	void aLeftoverUnitGoesToTheLargestFractionWhateverTheTenantId() {
		// shares 10 × 1/3 = 3.33 and 10 × 2/3 = 6.67: floors 3 and 6, the unit left to
		// b's
		// 0.67
		Map<String, Long> grants = this.ledger.grant(1, this.db,
				List.of(new ReservationRequest("a", 10, 1), new ReservationRequest("b", 10, 2)), 10);

		assertThat(grants).containsExactlyInAnyOrderEntriesOf(Map.of("a", 3L, "b", 7L));
	}

	@Test
	void grantsNeverExceedTheReservableUnitsNorWhatWasAsked() {
		Random random = new Random(42);
		for (int round = 0; round < 500; round++) {
			List<ReservationRequest> requests = new ArrayList<>();
			int tenants = 1 + random.nextInt(20);
			for (int i = 0; i < tenants; i++) {
				requests.add(new ReservationRequest("t" + i, random.nextInt(1000), 0.5 + random.nextInt(4)));
			}
			long reservable = random.nextInt(5000);

			Map<String, Long> grants = this.ledger.grant(round, this.db, requests, reservable);

			long total = grants.values().stream().mapToLong(Long::longValue).sum();
			long desired = requests.stream().mapToLong(ReservationRequest::desired).sum();
			assertThat(total).isEqualTo(Math.min(reservable, desired));
			for (ReservationRequest request : requests) {
				assertThat(grants.get(request.tenant())).isBetween(0L, request.desired());
			}
		}
	}

	/**
	 * Twenty thousand seeded cases whose desires range from thousands to 10¹⁷ units, with
	 * plan weights from 0.001 to 10⁶: from about 10¹⁶ units on, a double's spacing is a
	 * unit or more and the floored shares add up to more than {@code R} or to fewer than
	 * one round of leftover units can make up, so both corrections of the rounding are
	 * exercised. The grants add up to exactly {@code min(R, Σ d)}, never a unit more, and
	 * each stays within {@code [0, desired]}.
	 */
	@Test
	void casesFromThousandsToTensOfQuadrillionsOfUnitsGrantExactlyTheSmallerOfReservableAndDesired() {
		Random random = new Random(20261207);
		long beyondReservable = 0;
		long beyondDesired = 0;
		long shortOfIt = 0;
		for (int round = 0; round < 20_000; round++) {
			double scale = Math.pow(10, 3 + 14 * random.nextDouble());
			int tenants = 1 + random.nextInt(20);
			List<ReservationRequest> requests = new ArrayList<>(tenants);
			long desired = 0;
			for (int i = 0; i < tenants; i++) {
				long d = (long) (random.nextDouble() * scale);
				desired += d;
				// the weight left after the requests granted in full is a difference of
				// large sums, where a double loses most digits
				requests.add(new ReservationRequest("t" + i, d, Math.pow(10, -3 + 9 * random.nextDouble())));
			}
			long reservable = (long) (random.nextDouble() * desired);

			Map<String, Long> grants = this.ledger.grant(round, this.db, requests, reservable);

			long total = 0;
			for (ReservationRequest request : requests) {
				long granted = grants.get(request.tenant());
				total += granted;
				if (granted < 0 || granted > request.desired()) {
					beyondDesired++;
				}
			}
			if (total > reservable) {
				beyondReservable++;
			}
			else if (total < Math.min(reservable, desired)) {
				shortOfIt++;
			}
		}
		assertThat(new long[] { beyondReservable, beyondDesired, shortOfIt })
			.as("cases granting beyond the reservable total, grants beyond a desire, totals short of min(R, Σd)")
			.containsExactly(0, 0, 0);
	}

	@Test
	void desiresThatAddUpBeyondTheLargestLongAreStillShared() {
		Map<String, Long> grants = this.ledger.grant(1, this.db, List.of(new ReservationRequest("a", Long.MAX_VALUE, 1),
				new ReservationRequest("b", Long.MAX_VALUE, 1), new ReservationRequest("c", 10, 1)), 100);

		assertThat(grants).containsExactlyInAnyOrderEntriesOf(Map.of("a", 45L, "b", 45L, "c", 10L));
	}

	@Test
	void nothingReservableGrantsNothing() {
		Map<String, Long> grants = this.ledger.grant(1, this.db,
				List.of(new ReservationRequest("a", 10, 1), new ReservationRequest("b", 0, 1)), 0);

		assertThat(grants).containsExactlyInAnyOrderEntriesOf(Map.of("a", 0L, "b", 0L));
	}

	@Test
	void negativeReservableUnitsAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.ledger.grant(1, this.db, List.of(new ReservationRequest("a", 10, 1)), -1))
			.withMessage("reservable units cannot be negative, got -1");
	}

	@Test
	void requestsThatExactlyFillTheReservableUnitsAreGrantedInFull() {
		Map<String, Long> grants = this.ledger.grant(1, this.db,
				List.of(new ReservationRequest("a", 7, 1), new ReservationRequest("b", 23, 5)), 30);

		assertThat(grants).containsExactlyInAnyOrderEntriesOf(Map.of("a", 7L, "b", 23L));
	}

}
