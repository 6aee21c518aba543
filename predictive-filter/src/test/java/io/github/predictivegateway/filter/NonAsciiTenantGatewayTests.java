package io.github.predictivegateway.filter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.metrics.PredictiveMetricNames;
import io.github.predictivegateway.preallocation.PreallocationCycle;
import io.github.predictivegateway.test.TestGatewayApplication;
import io.github.predictivegateway.test.Upstream;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.usage.StepUsage;
import io.github.predictivegateway.usage.UsageAggregator;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenant ids beyond ASCII, sent as clients send them (the UTF-8 bytes of the id in the
 * header), through real Gateway routes with time frozen, and followed to every place the
 * id goes: the plan of its YAML entry ({@code "café"}, gold, 10 units of {@code db}
 * pre-allocated), its own buckets, the decisions meter (listed here in decomposed form),
 * the usage records and the actuator. "café" is written with a precomposed é (NFC) or
 * with e and a combining accent (NFD): one tenant either way.
 */
@SpringBootTest(classes = TestGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "predictive.metrics.tenants=cafe\u0301",
				"management.endpoints.web.exposure.include=predictive" })
@AutoConfigureWebTestClient
@ActiveProfiles("filtertest")
@Import(NonAsciiTenantGatewayTests.Meters.class)
class NonAsciiTenantGatewayTests {

	private static final String CAFE = "caf\u00e9";

	private static final String CAFE_DECOMPOSED = "cafe\u0301";

	@TestConfiguration(proxyBeanMethods = false)
	static class Meters {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@DynamicPropertySource
	static void upstream(DynamicPropertyRegistry registry) {
		registry.add("upstream.url", Upstream::url);
	}

	@Autowired
	private WebTestClient client;

	@Autowired
	private PreallocationCycle cycle;

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private UsageAggregator usage;

	@Autowired
	private ManualTimeSource time;

	@Autowired
	private Steps steps;

	@LocalServerPort
	private int port;

	@BeforeEach
	void prepareTheCurrentStep() {
		this.cycle.tick();
	}

	/** One raw GET whose header lines are the given bytes; the whole response. */
	private String get(String path, byte[]... headers) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 2000);
			socket.setSoTimeout(5000);
			ByteArrayOutputStream request = new ByteArrayOutputStream();
			request
				.writeBytes(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n").getBytes(StandardCharsets.US_ASCII));
			for (byte[] header : headers) {
				request.writeBytes(header);
				request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
			}
			request.writeBytes("Connection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			OutputStream out = socket.getOutputStream();
			out.write(request.toByteArray());
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/** The tenant header carrying the UTF-8 bytes of {@code tenant}. */
	private static byte[] tenant(String tenant) {
		return ("X-Tenant-Id: " + tenant).getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void aUtf8IdIsTheTenantOfItsYamlEntry() throws IOException {
		assertThat(get("/orders/nonascii-plan", tenant(CAFE))).startsWith("HTTP/1.1 200 ")
			.contains("X-Predictive-Decision: preallocated")
			.contains("RateLimit-Policy: \"gold.db\"");
	}

	@Test
	void theDecomposedAndPrecomposedFormsOfAnIdAreOneTenant() throws IOException {
		// the free plan: 2 units of db at once
		assertThat(get("/orders/zoe-1", tenant("Zo\u00eb"))).startsWith("HTTP/1.1 200 ")
			.contains("X-RateLimit-Remaining: 1");
		assertThat(get("/orders/zoe-2", tenant("Zoe\u0308"))).startsWith("HTTP/1.1 200 ")
			.contains("X-RateLimit-Remaining: 0");
		assertThat(get("/orders/zoe-3", tenant("Zo\u00eb"))).startsWith("HTTP/1.1 429 ");
	}

	@Test
	void japaneseAndEmojiIdsAreTenantsWithBucketsOfTheirOwn() throws IOException {
		assertThat(get("/orders/nihon-1", tenant("日本"))).startsWith("HTTP/1.1 200 ");
		assertThat(get("/orders/nihon-2", tenant("日本"))).startsWith("HTTP/1.1 200 ");
		assertThat(get("/orders/nihon-3", tenant("日本"))).startsWith("HTTP/1.1 429 ");
		assertThat(get("/orders/rocket", tenant("🚀"))).startsWith("HTTP/1.1 200 ")
			.contains("X-RateLimit-Remaining: 1");
	}

	@Test
	void bytesThatAreNotUtf8AreABadRequestWithAProblemBody() throws IOException {
		byte[] latin1 = "X-Tenant-Id: caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);

		assertThat(get("/orders/latin1", latin1)).startsWith("HTTP/1.1 400 ")
			.contains("application/problem+json")
			.contains("The X-Tenant-Id header is not UTF-8");
		Upstream.server().verify(0, anyRequestedFor(urlPathEqualTo("/orders/latin1")));
	}

	@Test
	void aTenantHeaderSentTwiceIsABadRequestAndNeverReachesTheUpstream() throws IOException {
		assertThat(get("/orders/twice", tenant("first"), tenant("second"))).startsWith("HTTP/1.1 400 ")
			.contains("application/problem+json")
			.contains("The X-Tenant-Id header appears 2 times; send it once.");
		Upstream.server().verify(0, anyRequestedFor(urlPathEqualTo("/orders/twice")));
	}

	@Test
	void theDecisionsMeterTagsATenantListedInEitherFormByItsCanonicalId() throws IOException {
		double before = decisionsOf(CAFE);

		get("/orders/nonascii-meter", tenant(CAFE_DECOMPOSED));

		assertThat(decisionsOf(CAFE) - before).isEqualTo(1);
	}

	private double decisionsOf(String tenant) {
		return Search.in(this.registry)
			.name(PredictiveMetricNames.DECISIONS)
			.tag(PredictiveMetricNames.TENANT, tenant)
			.counters()
			.stream()
			.mapToDouble(counter -> counter.count())
			.sum();
	}

	@Test
	void usageRecordsNameTheTenantsByTheirCanonicalIds() throws IOException {
		get("/orders/usage-1", tenant(CAFE_DECOMPOSED));
		get("/orders/usage-2", tenant("東京"));
		get("/orders/usage-3", tenant("🛰"));

		List<StepUsage> records = this.usage.closeThrough(this.steps.indexOf(this.time.epochNanos()));

		assertThat(records).extracting(StepUsage::tenant).contains(CAFE, "東京", "🛰").doesNotContain(CAFE_DECOMPOSED);
	}

	@Test
	void theActuatorFindsATenantWhicheverFormTheQueryIsWrittenIn() {
		for (String query : List.of(CAFE, CAFE_DECOMPOSED)) {
			this.client.get()
				.uri("/actuator/predictive?tenant={tenant}", query)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.tenants[0].tenant")
				.isEqualTo(CAFE)
				.jsonPath("$.tenants[0].resources[0].granted")
				.isEqualTo(10);
		}
	}

}
