package io.github.predictivegateway.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.github.predictivegateway.forecast.Forecast;
import io.github.predictivegateway.forecast.ForecastSource;
import io.github.predictivegateway.preallocation.PreallocationCycle;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.usage.UsageCycle;
import io.github.predictivegateway.wire.SeriesKey;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Twelve closed steps of tenant {@value #TENANT} on the demo route, on engine time the
 * test moves: every step it is forecast {@code [12, 20, 30]} requests and so granted 30;
 * on the {@code free} plan (burst 10, full again at every step) it offers
 * {@link #DEMAND}, so a step beyond 40 requests has throttles (10, 5 and 1 of them).
 */
final class DashboardTraffic {

	static final String TENANT = "dash";

	static final int[] DEMAND = { 18, 25, 50, 22, 45, 16, 28, 33, 12, 26, 41, 20 };

	static final Forecast FORECAST = new Forecast(20, 12, 30);

	/** 10 seconds into the 09:00 step of a Monday. */
	static final Instant START = Instant.parse("2026-11-30T09:00:10Z");

	/**
	 * The steps' engine time, the forecast of {@value #TENANT}, and no capacity gate (its
	 * tokens refill with time).
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class Engine {

		@Bean
		ManualTimeSource dashboardTimeSource() {
			return new ManualTimeSource(START);
		}

		@Bean
		ForecastSource dashboardForecastSource() {
			return (stepStart, step) -> Map.of(new SeriesKey(TENANT, "requests"), FORECAST);
		}

	}

	private DashboardTraffic() {
	}

	/** Offers each step's demand, then closes the step {@code 15 s} after its end. */
	static void drive(int port, ManualTimeSource time, Steps steps, PreallocationCycle preallocation, UsageCycle usage)
			throws Exception {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		for (int demand : DEMAND) {
			for (int i = 0; i < demand; i++) {
				HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/demo/orders"))
					.header("X-Tenant-Id", TENANT)
					.timeout(Duration.ofSeconds(10))
					.build();
				client.send(request, HttpResponse.BodyHandlers.discarding());
			}
			long step = steps.indexOf(time.epochNanos());
			time.set(steps.start(step + 1).plusSeconds(15));
			preallocation.tick();
			usage.tick().block(Duration.ofSeconds(10));
		}
	}

}
