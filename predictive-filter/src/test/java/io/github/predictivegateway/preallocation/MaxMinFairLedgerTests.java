package io.github.predictivegateway.preallocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.plan.ResourceType;

import static org.assertj.core.api.Assertions.assertThat;

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

}
