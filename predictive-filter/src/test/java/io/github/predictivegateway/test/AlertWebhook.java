package io.github.predictivegateway.test;

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
