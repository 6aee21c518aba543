package io.github.predictivegateway.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.standard.StoreUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The guard's circuit and timeout, on calls that answer at once, fail at once, or never
 * answer.
 */
class RedisGuardTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final RedisGuard guard = new RedisGuard(Duration.ofMillis(20), Duration.ofSeconds(1), 10, 5, this.registry);

	@Test
	void anOpenCircuitRefusesRequestCallsButNotBackgroundOnes() {
		this.guard.circuitBreaker().transitionToForcedOpenState();
		assertThatThrownBy(() -> this.guard.call(() -> CompletableFuture.completedFuture(1L)).join())
			.hasCauseInstanceOf(StoreUnavailableException.class);
		assertThat(this.guard.background(() -> CompletableFuture.completedFuture(1L)).join()).isEqualTo(1L);
	}

	@Test
	void failedBackgroundCallsDoNotOpenTheCircuit() {
		for (int i = 0; i < 10; i++) {
			CompletableFuture<Long> failed = this.guard
				.background(() -> CompletableFuture.failedFuture(new IllegalStateException("down")));
			assertThatThrownBy(failed::join).hasCauseInstanceOf(StoreUnavailableException.class);
		}
		assertThat(this.guard.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		for (int i = 0; i < 10; i++) {
			CompletableFuture<Long> failed = this.guard
				.call(() -> CompletableFuture.failedFuture(new IllegalStateException("down")));
			assertThatThrownBy(failed::join).isInstanceOf(CompletionException.class);
		}
		assertThat(this.guard.isOpen()).as("the same failures as request calls").isTrue();
	}

	@Test
	void aCallAnsweredWithoutRedisIsNeitherJudgedNorCounted() {
		this.guard.circuitBreaker().transitionToOpenState();
		this.guard.circuitBreaker().transitionToHalfOpenState();
		for (int i = 0; i < 10; i++) {
			assertThat(this.guard.call(() -> CompletableFuture.completedFuture(1L)).join()).isEqualTo(1L);
		}
		assertThat(this.guard.circuitBreaker().getState()).as("3 trial calls allowed, none used")
			.isEqualTo(CircuitBreaker.State.HALF_OPEN);
		assertThat(this.registry.get(PredictiveMetricNames.REDIS_CALLS)
			.tag(PredictiveMetricNames.OUTCOME, "success")
			.counter()
			.count()).isZero();
	}

	@Test
	void aCallUnansweredWithinTheTimeoutFailsWhileItsOwnFutureStaysOpen() {
		CompletableFuture<Long> never = new CompletableFuture<>();
		assertThatThrownBy(() -> this.guard.call(() -> never).join())
			.hasCauseInstanceOf(StoreUnavailableException.class);
		assertThat(never).as("left to whoever made it: a late answer still completes it").isNotDone();
		never.complete(7L);
		assertThat(never.join()).isEqualTo(7L);
	}

	@Test
	void probesCloseAnOpenCircuitWithNoRequest() throws Exception {
		RedisGuard quick = new RedisGuard(Duration.ofSeconds(1), Duration.ofMillis(1), 10, 5, this.registry);
		quick.circuitBreaker().transitionToOpenState();
		Thread.sleep(5);
		for (int i = 0; i < 3; i++) {
			quick.probe(RedisGuardTests::pongSoon).join();
		}
		assertThat(quick.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void aClosedCircuitIsNotProbed() {
		AtomicInteger pings = new AtomicInteger();
		this.guard.probe(() -> {
			pings.incrementAndGet();
			return pongSoon();
		}).join();
		assertThat(pings).hasValue(0);
	}

	/** A PING answered a moment later, as by Redis (not already done when returned). */
	private static CompletableFuture<String> pongSoon() {
		return CompletableFuture.supplyAsync(() -> "PONG",
				CompletableFuture.delayedExecutor(1, java.util.concurrent.TimeUnit.MILLISECONDS));
	}

}
