package io.github.predictivegateway.test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.time.TimeSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One gateway instance of a multi-instance test: its own Spring context on a random
 * loopback port, with the given properties on top of a route {@code /r/**} (fail-open)
 * and {@code /closed/**} (fail-closed) to the WireMock upstream, resource
 * {@code requests}.
 */
public final class GatewayInstance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final WebClient client;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	public GatewayInstance(Map<String, Object> properties) {
		this(properties, new Class<?>[0]);
	}

	/**
	 * @param time the engine's clock of this instance, in place of the system clock: one
	 * {@link io.github.predictivegateway.time.ManualTimeSource} shared by several
	 * instances gives them one controlled clock
	 */
	public GatewayInstance(Map<String, Object> properties, TimeSource time) {
		this(properties, time, new Class<?>[0]);
	}

	/**
	 * @param configurations more configuration classes of this instance, e.g.
	 * {@link GatewayRouteMetrics}
	 */
	public GatewayInstance(Map<String, Object> properties, Class<?>... configurations) {
		this(properties, null, configurations);
	}

	private GatewayInstance(Map<String, Object> properties, @Nullable TimeSource time, Class<?>... configurations) {
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("server.address", "127.0.0.1");
		all.put("server.port", "0");
		all.put("spring.main.banner-mode", "off");
		// instances of one test must not share the embedded forecaster's default data
		// directory
		all.put("predictive.embedded.enabled", "false");
		all.put("predictive.capacity.requests", "100000");
		all.put("predictive.default-plan", "free");
		all.put("predictive.plans.free.requests.rate", "10");
		all.put("predictive.plans.free.requests.burst", "10");
		String routes = "spring.cloud.gateway.server.webflux.routes";
		all.put(routes + "[0].id", "r");
		all.put(routes + "[0].uri", Upstream.url());
		all.put(routes + "[0].predicates[0]", "Path=/r/**");
		all.put(routes + "[0].filters[0].name", "PredictiveRateLimiter");
		all.put(routes + "[0].filters[0].args.resource", "requests");
		all.put(routes + "[1].id", "closed");
		all.put(routes + "[1].uri", Upstream.url());
		all.put(routes + "[1].predicates[0]", "Path=/closed/**");
		all.put(routes + "[1].filters[0].name", "PredictiveRateLimiter");
		all.put(routes + "[1].filters[0].args.resource", "requests");
		all.put(routes + "[1].filters[0].args.failure-policy", "fail-closed");
		all.putAll(properties);
		this.context = new SpringApplicationBuilder(RealTimeGatewayApplication.class).sources(configurations)
			.web(WebApplicationType.REACTIVE)
			.properties(all)
			.initializers(context -> {
				context.getBeanFactory().registerSingleton("testMeterRegistry", this.meters);
				if (time != null) {
					context.getBeanFactory().registerSingleton("testTimeSource", time);
				}
			})
			.run();
		int port = Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
		this.client = WebClient.builder().baseUrl("http://127.0.0.1:" + port).build();
	}

	public WebClient client() {
		return this.client;
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/**
	 * Sends one GET with the tenant header, waits for it (tests only), and returns status
	 * and decision header.
	 */
	public Answer get(String path, String tenant) {
		long start = System.nanoTime();
		return this.client.get()
			.uri(path)
			.header("X-Tenant-Id", tenant)
			.exchangeToMono(response -> response.releaseBody()
				.thenReturn(new Answer(response.statusCode().value(),
						response.headers().asHttpHeaders().getFirst("X-Predictive-Decision"),
						response.headers().asHttpHeaders().getFirst("Retry-After"),
						Duration.ofNanos(System.nanoTime() - start))))
			.block(Duration.ofSeconds(10));
	}

	/**
	 * Sum of the counters named {@code name} with the given tag key/value pairs (0 when
	 * none).
	 */
	public double count(String name, String... tags) {
		return this.meters.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
	}

	/**
	 * Value of the gauge named {@code name} with the given tag key/value pairs (NaN when
	 * there is none).
	 */
	public double gauge(String name, String... tags) {
		io.micrometer.core.instrument.Gauge gauge = this.meters.find(name).tags(tags).gauge();
		return (gauge != null) ? gauge.value() : Double.NaN;
	}

	@Override
	public void close() {
		this.context.close();
	}

	/** What a request got. */
	public record Answer(int status, String decision, String retryAfter, Duration took) {

	}

}
