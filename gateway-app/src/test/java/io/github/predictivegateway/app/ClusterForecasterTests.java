package io.github.predictivegateway.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.autoconfigure.loop.PredictiveForecastAutoConfiguration;
import io.github.predictivegateway.forecast.Forecast;
import io.github.predictivegateway.forecast.ForecastTable;
import io.github.predictivegateway.forecast.SnapshotForecastSource;
import io.github.predictivegateway.redis.ForecasterLeadership;
import io.github.predictivegateway.wire.SeriesKey;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three gateway instances on one Redis with no sidecar run one forecaster for the
 * cluster: every instance reads every instance's usage from the usage stream, exactly one
 * leads, retrains and publishes its forecasts, and all three serve the same forecasts
 * (the followers train nothing: no instance forecasts from its own share of the usage).
 * When the leader goes, another takes over within two steps and the forecasts stay fresh.
 * Compressed time: 20×, one 60 s step per 3 real seconds.
 */
@Timeout(120)
class ClusterForecasterTests {

	private static final SeriesKey SOMEONE = new SeriesKey("someone", "requests");

	private final String prefix = "predictive-test:" + UUID.randomUUID().toString().substring(0, 8) + ":";

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	@TempDir
	private Path dir;

	@AfterEach
	void close() {
		this.instances.forEach(ConfigurableApplicationContext::close);
		TestRedis.shared().deleteKeys(this.prefix);
	}

	private ConfigurableApplicationContext start(int i) {
		TestRedis redis = TestRedis.shared();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(GatewayApplication.class).run(
				"--spring.profiles.active=demo", "--server.port=0", "--server.address=127.0.0.1",
				"--management.server.port=0", "--spring.main.banner-mode=off", "--predictive.store=redis",
				"--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port(),
				"--predictive.redis.key-prefix=" + this.prefix, "--predictive.redis.expected-instances=3",
				// a lease no renewal misses on a loaded machine: leadership changes here
				// only when the
				// leader goes (it resigns as it closes)
				"--predictive.redis.forecaster-lease=20s", "--predictive.time-scale=20",
				"--predictive.forecast.refresh-interval=200ms",
				"--predictive.embedded.data-dir=" + this.dir.resolve("gw-" + i + "/data"),
				"--predictive.embedded.model-dir=" + models(i), "--predictive.embedded.retrain-initial-delay=2s",
				"--predictive.embedded.retrain-interval=5m");
		this.instances.add(context);
		return context;
	}

	private Path models(int i) {
		return this.dir.resolve("gw-" + i + "/models");
	}

	private static ForecasterLeadership leadership(ConfigurableApplicationContext context) {
		return context.getBean(ForecasterLeadership.class);
	}

	private static SnapshotForecastSource forecasts(ConfigurableApplicationContext context) {
		return context.getBean(PredictiveForecastAutoConfiguration.SNAPSHOT_SOURCE, SnapshotForecastSource.class);
	}

	private static Forecast forecastOf(ConfigurableApplicationContext context) {
		ForecastTable table = forecasts(context).table();
		return (table != null && table.series().containsKey(SOMEONE))
				? table.series().get(SOMEONE).values().iterator().next() : null;
	}

	private static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + limit.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as(what + " within " + limit).isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	private List<ConfigurableApplicationContext> leaders(List<ConfigurableApplicationContext> among) {
		return among.stream().filter(context -> leadership(context).isLeader()).toList();
	}

	@Test
	void oneLeaderForecastsForTheClusterAndAnotherTakesOverWhenItGoes() throws Exception {
		for (int i = 0; i < 3; i++) {
			start(i);
		}
		await("exactly one leader", Duration.ofSeconds(10), () -> leaders(this.instances).size() == 1);
		ConfigurableApplicationContext leader = leaders(this.instances).get(0);

		for (int request = 0; request < 60; request++) {
			ConfigurableApplicationContext target = this.instances.get(request % 3);
			int port = ((WebServerApplicationContext) target).getWebServer().getPort();
			WebClient.create("http://127.0.0.1:" + port)
				.get()
				.uri("/demo/hello")
				.header("X-Tenant-Id", "someone")
				.exchangeToMono(response -> response.releaseBody())
				.block(Duration.ofSeconds(5));
			Thread.sleep(25);
		}
		await("every instance serving a forecast for the tenant", Duration.ofSeconds(40),
				() -> this.instances.stream().allMatch(context -> forecastOf(context) != null));
		await("the same forecasts everywhere", Duration.ofSeconds(10),
				() -> this.instances.stream().map(ClusterForecasterTests::forecastOf).distinct().count() == 1);
		for (int i = 0; i < 3; i++) {
			boolean leads = this.instances.get(i) == leader;
			try (Stream<Path> files = Files.exists(models(i)) ? Files.walk(models(i)) : Stream.empty()) {
				assertThat(files.filter(Files::isRegularFile).count() > 0)
					.as("instance %d trained models: only the leader does", i)
					.isEqualTo(leads);
			}
		}

		leader.close();
		List<ConfigurableApplicationContext> survivors = this.instances.stream()
			.filter(context -> context != leader)
			.toList();
		long closed = System.nanoTime();
		await("a new leader", Duration.ofSeconds(10), () -> leaders(survivors).size() == 1);
		assertThat(Duration.ofNanos(System.nanoTime() - closed)).as("within two steps (6 s real)")
			.isLessThan(Duration.ofSeconds(6));
		Thread.sleep(1000);
		assertThat(survivors).allSatisfy(context -> {
			assertThat(forecastOf(context)).isNotNull();
			assertThat(forecasts(context).isStale()).isFalse();
		});
	}

}
