package io.github.predictivegateway.test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WireMock alert receiver on 127.0.0.1 that takes {@code POST /api/v2/alerts} as
 * Alertmanager does.
 */
public final class AlertWebhook {

	public static final String PATH = "/api/v2/alerts";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	public synchronized String url() {
		if (!this.server.isRunning()) {
			this.server.start();
			accept();
		}
		return "http://127.0.0.1:" + this.server.port() + PATH;
	}

	public void accept() {
		this.server.resetAll();
		this.server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)));
	}

	public void stop() {
		this.server.stop();
	}

	/** The posts received, each the array of alerts it carried. */
	public List<List<JsonNode>> posts() {
		List<List<JsonNode>> posts = new ArrayList<>();
		for (LoggedRequest request : this.server.findAll(postRequestedFor(urlEqualTo(PATH)))) {
			List<JsonNode> alerts = new ArrayList<>();
			JSON.readTree(request.getBodyAsString()).forEach(alerts::add);
			posts.add(alerts);
		}
		return posts;
	}

	/**
	 * Waits (real time) until at least {@code count} alerts named {@code alertname} were
	 * received, running {@code meanwhile} between looks (e.g. requests that keep a fault
	 * visible).
	 * @return how long it took
	 * @throws AssertionError when {@code timeout} passes first
	 */
	public Duration await(String alertname, int count, Duration timeout, Runnable meanwhile) {
		long start = System.nanoTime();
		while (alerts(alertname).size() < count) {
			if (System.nanoTime() - start > timeout.toNanos()) {
				throw new AssertionError(
						"no " + count + " " + alertname + " alert(s) within " + timeout + "; received " + posts());
			}
			meanwhile.run();
			RedisTestServer.sleep(20);
		}
		return Duration.ofNanos(System.nanoTime() - start);
	}

	/**
	 * Waits (real time, at most 10 s) for {@code alertname} to be sent firing, while a
	 * fault lasts; nothing else was sent before it.
	 * @param faultStart {@link System#nanoTime()} when the fault began
	 * @param meanwhile run between looks, e.g. requests that meet the fault
	 * @return ms from the fault's start to the alert's arrival
	 */
	public long awaitFiring(String alertname, long faultStart, Runnable meanwhile) {
		await(alertname, 1, Duration.ofSeconds(10), meanwhile);
		long fired = (System.nanoTime() - faultStart) / 1_000_000;
		assertThat(names()).as("alerts sent").containsExactly(alertname);
		assertThat(resolved(alerts(alertname).get(0), Instant.now())).as("sent firing").isFalse();
		return fired;
	}

	/**
	 * Waits (real time, at most 10 s) for {@code alertname} to be sent resolved, then
	 * {@code quiet} more: it was sent exactly twice, firing then resolved at an
	 * evaluation after {@code healed}, and nothing else was sent.
	 * @param healStart {@link System#nanoTime()} when the fault ended
	 * @return ms from the fault's end to the resolution's arrival
	 */
	public long awaitResolvedOnce(String alertname, long healStart, Instant healed, Duration quiet) {
		await(alertname, 2, Duration.ofSeconds(10), () -> {
		});
		long resolved = (System.nanoTime() - healStart) / 1_000_000;
		Instant now = Instant.now();
		RedisTestServer.sleep(quiet.toMillis());
		List<JsonNode> sent = alerts(alertname);
		assertThat(names()).as("alerts sent").containsExactly(alertname, alertname);
		assertThat(sent).extracting(alert -> resolved(alert, now)).as("resolved").containsExactly(false, true);
		assertThat(Instant.parse(sent.get(1).get("endsAt").asString())).isAfter(healed);
		return resolved;
	}

	/**
	 * Whether {@code alert} was sent resolved: its {@code endsAt} is the evaluation that
	 * found it over, not after {@code now}; a firing alert's lies repeat intervals ahead.
	 */
	public static boolean resolved(JsonNode alert, Instant now) {
		return !Instant.parse(alert.get("endsAt").asString()).isAfter(now);
	}

	/** The names of every alert received, in the order received. */
	public List<String> names() {
		List<String> names = new ArrayList<>();
		posts().forEach(post -> post.forEach(alert -> names.add(alert.get("labels").get("alertname").asString())));
		return names;
	}

	/** Every alert received named {@code alertname}, in the order received. */
	public List<JsonNode> alerts(String alertname) {
		List<JsonNode> named = new ArrayList<>();
		for (List<JsonNode> post : posts()) {
			for (JsonNode alert : post) {
				if (alertname.equals(alert.get("labels").get("alertname").asString())) {
					named.add(alert);
				}
			}
		}
		return named;
	}

}
