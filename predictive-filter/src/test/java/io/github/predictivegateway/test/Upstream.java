package io.github.predictivegateway.test;

import com.github.tomakehurst.wiremock.WireMockServer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A WireMock upstream on 127.0.0.1 that answers every request {@code 200 upstream}: the
 * backend behind the routes under test, so that what the gateway passes on can be
 * counted.
 */
public final class Upstream {

	private static WireMockServer server;

	private Upstream() {
	}

	public static synchronized WireMockServer server() {
		if (server == null) {
			server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
			server.start();
			server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("upstream")));
			Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
		}
		return server;
	}

	public static String url() {
		return "http://127.0.0.1:" + server().port();
	}

}
