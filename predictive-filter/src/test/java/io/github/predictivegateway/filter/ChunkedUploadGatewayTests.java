package io.github.predictivegateway.filter;

import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import io.github.predictivegateway.preallocation.PreallocationCycle;
import io.github.predictivegateway.test.TestGatewayApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploads without {@code Content-Length} (chunked) on {@code cost: content-length}
 * routes, through real Gateway routes with time frozen (no bucket refills), to an
 * upstream that counts every byte it receives. The {@code bulk} plan holds 200,000 bytes
 * of {@code egress-bytes} at once; the gate (100 MB/s here) is never what limits. On
 * {@code /upload} chunked bodies are metered; {@code /upload-strict} refuses them.
 */
@SpringBootTest(classes = TestGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "predictive.capacity.egress-bytes=100000000",
				"predictive.plans.bulk.egress-bytes.rate=1", "predictive.plans.bulk.egress-bytes.burst=200000",
				"predictive.tenants.uploader.plan=bulk", "predictive.tenants.measured.plan=bulk",
				"predictive.tenants.strict.plan=bulk" })
@AutoConfigureWebTestClient
@ActiveProfiles("filtertest")
class ChunkedUploadGatewayTests {

	private static final int CHUNK = 8192;

	private static final AtomicLong RECEIVED = new AtomicLong();

	private static final DisposableServer UPSTREAM = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.handle((request, response) -> request.receive()
			.doOnNext((ByteBuf buffer) -> RECEIVED.addAndGet(buffer.readableBytes()))
			.then(response.status(200).sendString(reactor.core.publisher.Mono.just("upstream")).then()))
		.bindNow();

	@DynamicPropertySource
	static void upstream(DynamicPropertyRegistry registry) {
		registry.add("upstream.url", () -> "http://127.0.0.1:" + UPSTREAM.port());
	}

	@AfterAll
	static void stopUpstream() {
		UPSTREAM.disposeNow();
	}

	@Autowired
	private WebTestClient client;

	@Autowired
	private PreallocationCycle cycle;

	@BeforeEach
	void prepareTheCurrentStep() {
		this.cycle.tick();
		RECEIVED.set(0);
	}

	/** {@code bytes} bytes in chunks of at most 8 KiB, made as they are sent. */
	private static Flux<DataBuffer> body(long bytes) {
		long chunks = (bytes + CHUNK - 1) / CHUNK;
		return Flux.range(0, (int) chunks).map(i -> {
			int size = (int) Math.min(CHUNK, bytes - (long) i * CHUNK);
			return DefaultDataBufferFactory.sharedInstance.wrap(new byte[size]);
		});
	}

	private EntityExchangeResult<String> upload(String path, String tenant, long bytes) {
		return this.client.post()
			.uri(path)
			.header("X-Tenant-Id", tenant)
			.body(body(bytes), DataBuffer.class)
			.exchange()
			.expectBody(String.class)
			.returnResult();
	}

	@Test
	void fiveMegabyteChunkedUploadsNoLongerPassATwoHundredThousandByteBurst() {
		for (int i = 0; i < 3; i++) {
			EntityExchangeResult<String> result = upload("/upload/five-mb-" + i, "uploader", 5_000_000);

			assertThat(result.getStatus()).as("upload %d", i).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		}
		assertThat(RECEIVED.get()).isLessThanOrEqualTo(200_000);
	}

	@Test
	void aChunkedUploadIsChargedTheBytesThatPassed() {
		assertThat(upload("/upload/measured", "measured", 50_000).getStatus()).isEqualTo(HttpStatus.OK);

		this.client.post()
			.uri("/upload/after")
			.header("X-Tenant-Id", "measured")
			.header("Content-Length", "0")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(PredictiveHeaders.REMAINING, "149999");
		assertThat(RECEIVED.get()).isEqualTo(50_000);
	}

	@Test
	void aRouteThatRefusesChunkedBodiesAnswers411AndForwardsNothing() {
		EntityExchangeResult<String> result = upload("/upload-strict/chunked", "strict", 50_000);

		assertThat(result.getStatus()).isEqualTo(HttpStatus.LENGTH_REQUIRED);
		assertThat(result.getResponseBody()).contains("urn:predictive-admission:problem:length-required")
			.contains("send the body with a Content-Length");
		assertThat(RECEIVED.get()).isZero();
	}

	@Test
	void aRouteThatRefusesChunkedBodiesStillTakesBodiesWithAContentLength() {
		this.client.post()
			.uri("/upload-strict/sized")
			.header("X-Tenant-Id", "strict")
			.bodyValue(new byte[1000])
			.exchange()
			.expectStatus()
			.isOk();
	}

}
