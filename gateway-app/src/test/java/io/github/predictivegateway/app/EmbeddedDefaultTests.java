package io.github.predictivegateway.app;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-command start ({@code --spring.profiles.active=demo}): the demo profile's route
 * is limited with nothing else running.
 */
@ActiveProfiles("demo")
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.server.port=0",
				"predictive.embedded.data-dir=${java.io.tmpdir}/predictive-test-${random.uuid}" })
class EmbeddedDefaultTests {

	@LocalServerPort
	private int port;

	private String demo(String tenant) {
		WebClient.RequestHeadersSpec<?> request = WebClient.create("http://127.0.0.1:" + this.port)
			.get()
			.uri("/demo/hello");
		if (tenant != null) {
			request = request.header("X-Tenant-Id", tenant);
		}
		return request
			.exchangeToMono(response -> response.releaseBody()
				.thenReturn(response.statusCode().value() + " "
						+ response.headers().asHttpHeaders().getFirst("X-Predictive-Decision")))
			.block(Duration.ofSeconds(10));
	}

	@Test
	void theDeclaredPreallocationServesTheDemoTenantFirst() {
		assertThat(demo("acme")).isEqualTo("200 preallocated");
	}

	@Test
	void anUnknownTenantIsServedByTheFreePlansStandardBucket() {
		assertThat(demo("someone")).isEqualTo("200 standard");
	}

	@Test
	void aRequestWithoutTenantIsForbidden() {
		assertThat(demo(null)).isEqualTo("403 null");
	}

}
