package io.github.predictivegateway.app.edge;

import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.predictivegateway.app.GatewayApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The actuator (health, metrics, Prometheus, the {@code predictive} endpoint) is served
 * only on the management port, and the management port binds loopback unless
 * {@code management.server.address} says otherwise: the shipped {@code application.yml},
 * with only the ports made random.
 */
@ActiveProfiles("demo")
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.server.port=0" })
@Timeout(60)
class ManagementPortTests {

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private int status(int port, String path) throws Exception {
		return this.client
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	private static InetAddress nonLoopbackAddress() throws SocketException {
		for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
			if (nic.isUp() && !nic.isLoopback()) {
				for (InetAddress address : Collections.list(nic.getInetAddresses())) {
					if (address instanceof Inet4Address) {
						return address;
					}
				}
			}
		}
		return null;
	}

	@Test
	void theActuatorIsNotServedOnThePublicPort() throws Exception {
		for (String path : new String[] { "/actuator", "/actuator/health", "/actuator/health/liveness",
				"/actuator/prometheus", "/actuator/metrics", "/actuator/env", "/actuator/predictive" }) {
			assertThat(status(this.port, path)).as(path).isEqualTo(404);
		}
		assertThat(status(this.managementPort, "/actuator/health")).isEqualTo(200);
	}

	@Test
	void theManagementPortBindsLoopbackOnly() throws Exception {
		InetAddress outside = nonLoopbackAddress();
		assertThat(outside).as("a non-loopback IPv4 address of this host, to knock on the management port from")
			.isNotNull();

		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(outside, this.managementPort), 2000);
			}
		});
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.managementPort), 2000);
			assertThat(socket.isConnected()).isTrue();
		}
	}

}
