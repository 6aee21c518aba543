package io.github.predictivegateway.autoconfigure.loop;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;

import io.github.predictivegateway.autoconfigure.lifecycle.PeriodicTask;
import io.github.predictivegateway.forecast.ForecastSnapshotReader;
import io.github.predictivegateway.forecast.SidecarForecastClient;
import io.github.predictivegateway.forecast.SnapshotForecastSource;
import io.github.predictivegateway.usage.SidecarUsageSink;
import io.github.predictivegateway.usage.UsageSink;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The forecast sidecar as the forecaster, when {@code predictive.forecast.sidecar-url} is
 * set: forecasts pulled every {@code refresh-interval}, usage published to it.
 *
 * <p>
 * Resilience of the pull is configured through Resilience4j's usual properties for the
 * instance {@value #INSTANCE}
 * ({@code resilience4j.timelimiter.instances.predictive-forecast.timeout-duration},
 * {@code resilience4j.circuitbreaker.instances.predictive-forecast.*},
 * {@code resilience4j.retry.instances...}); when an instance is not configured there,
 * these defaults apply: 2 s time limit; circuit opening at 50% failures of the last 10
 * pulls (after 4), 30 s open, 1 trial pull; 3 attempts with exponential backoff from 200
 * ms, doubling, ±50% jitter, never retrying a pull refused by an open circuit.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = PredictiveForecastProperties.PREFIX, name = "sidecar-url")
class SidecarForecastConfiguration {

	static final String INSTANCE = "predictive-forecast";

	@Bean
	@ConditionalOnMissingBean
	SidecarForecastClient predictiveSidecarForecastClient(PredictiveForecastProperties forecast,
			ForecastSnapshotReader reader,
			@Qualifier(PredictiveForecastAutoConfiguration.SNAPSHOT_SOURCE) SnapshotForecastSource target,
			ObjectProvider<TimeLimiterRegistry> timeLimiters, ObjectProvider<CircuitBreakerRegistry> circuitBreakers,
			ObjectProvider<RetryRegistry> retries) {
		TimeLimiterRegistry tl = timeLimiters.getIfAvailable(TimeLimiterRegistry::ofDefaults);
		CircuitBreakerRegistry cb = circuitBreakers.getIfAvailable(CircuitBreakerRegistry::ofDefaults);
		RetryRegistry retry = retries.getIfAvailable(RetryRegistry::ofDefaults);
		TimeLimiter timeLimiter = tl.find(INSTANCE)
			.orElseGet(() -> tl.timeLimiter(INSTANCE,
					TimeLimiterConfig.custom()
						.timeoutDuration(Duration.ofSeconds(2))
						.cancelRunningFuture(true)
						.build()));
		CircuitBreaker circuitBreaker = cb.find(INSTANCE)
			.orElseGet(() -> cb.circuitBreaker(INSTANCE,
					CircuitBreakerConfig.custom()
						.slidingWindowSize(10)
						.minimumNumberOfCalls(4)
						.failureRateThreshold(50)
						.waitDurationInOpenState(Duration.ofSeconds(30))
						.permittedNumberOfCallsInHalfOpenState(1)
						.build()));
		Retry pullRetry = retry.find(INSTANCE)
			.orElseGet(() -> retry.retry(INSTANCE,
					RetryConfig.custom()
						.maxAttempts(3)
						.intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(200), 2.0, 0.5))
						.ignoreExceptions(CallNotPermittedException.class)
						.build()));
		return new SidecarForecastClient(httpClient(), forecast.sidecarUrl(), reader, target, timeLimiter,
				circuitBreaker, pullRetry, forecast.maxSnapshotSize().toBytes());
	}

	@Bean
	PeriodicTask predictiveForecastRefreshTask(SidecarForecastClient client, PredictiveForecastProperties forecast) {
		AtomicBoolean inFlight = new AtomicBoolean();
		return new PeriodicTask("predictive-forecast-refresh", Duration.ZERO, forecast.refreshInterval(), () -> {
			if (inFlight.compareAndSet(false, true)) {
				client.refresh().doFinally(signal -> inFlight.set(false)).subscribe();
			}
		});
	}

	@Bean
	@ConditionalOnMissingBean
	UsageSink predictiveSidecarUsageSink(PredictiveForecastProperties forecast, PredictiveUsageProperties usage) {
		return new SidecarUsageSink(httpClient(), forecast.sidecarUrl(), usage.publishTimeout(),
				forecast.sidecarToken());
	}

	private static HttpClient httpClient() {
		return HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(2))
			.version(HttpClient.Version.HTTP_1_1)
			.build();
	}

}
