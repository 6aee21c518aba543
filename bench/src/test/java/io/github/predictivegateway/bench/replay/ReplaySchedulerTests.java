package io.github.predictivegateway.bench.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import static org.assertj.core.api.Assertions.assertThat;

class ReplaySchedulerTests {

	@Test
	void tasksRunAtTheirOwnTimeInOrderAndDisposedOnesDoNot() {
		ReplayScheduler scheduler = new ReplayScheduler(1_000);
		List<String> ran = new ArrayList<>();
		scheduler.schedule(() -> ran.add("b@" + scheduler.epochNanos()), 20, TimeUnit.NANOSECONDS);
		scheduler.schedule(() -> ran.add("a@" + scheduler.epochNanos()), 10, TimeUnit.NANOSECONDS);
		scheduler.schedule(() -> ran.add("c@" + scheduler.epochNanos()), 20, TimeUnit.NANOSECONDS);
		Disposable cancelled = scheduler.schedule(() -> ran.add("never"), 15, TimeUnit.NANOSECONDS);
		cancelled.dispose();
		scheduler.advanceTo(1_015);
		assertThat(ran).containsExactly("a@1010");
		scheduler.advanceTo(2_000);
		assertThat(ran).containsExactly("a@1010", "b@1020", "c@1020");
		assertThat(scheduler.now(TimeUnit.NANOSECONDS)).isEqualTo(2_000);
		assertThat(scheduler.pending()).isZero();
	}

}
