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

/** A WireMock alert receiver on 127.0.0.1 that takes {@code POST /api/v2/alerts} as Alertmanager does. */
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
	 * Waits (real time) until at least {@code count} alerts named {@code alertname} were received, running
	 * {@code meanwhile} between looks (e.g. requests that keep a fault visible).
	 * @return how long it took
	 * @throws AssertionError when {@code timeout} passes first
	 */
	public Duration await(String alertname, int count, Duration timeout, Runnable meanwhile) {
		long start = System.nanoTime();
		while (alerts(alertname).size() < count) {
			if (System.nanoTime() - start > timeout.toNanos()) {
				throw new AssertionError("no " + count + " " + alertname + " alert(s) within " + timeout + "; received "
						+ posts());
			}
			meanwhile.run();
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		return Duration.ofNanos(System.nanoTime() - start);
	}

	/**
	 * Whether {@code alert} was sent resolved: its {@code endsAt} is the evaluation that found it over, not after
	 * {@code now}; a firing alert's lies repeat intervals ahead.
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
