package io.github.predictivegateway.sidecar.api;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.sidecar.SidecarApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Usage acknowledged by the sidecar survives {@code kill -9}: a real sidecar process is
 * killed with SIGKILL right after answering 202, and a new process on the same data
 * directory serves the same history.
 */
class SidecarCrashTests {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@TempDir
	Path dir;

	private Process start(int port) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		return new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
				SidecarApplication.class.getName(), "--server.address=127.0.0.1", "--server.port=" + port,
				"--sidecar.data-dir=" + this.dir.resolve("data"), "--sidecar.model-dir=" + this.dir.resolve("models"),
				"--sidecar.retrain-initial-delay=1h", "--spring.main.banner-mode=off"))
			.redirectErrorStream(true)
			.redirectOutput(this.dir.resolve("sidecar-" + System.nanoTime() + ".log").toFile())
			.start();
	}

	private static void awaitUp(int port, Process process) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			assertThat(process.isAlive()).as("sidecar process is running").isTrue();
			try {
				HttpResponse<String> health = HTTP.send(
						HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.ofString());
				if (health.statusCode() == 200) {
					return;
				}
			}
			catch (IOException notYet) {
				// not listening yet
			}
			Thread.sleep(200);
		}
		throw new AssertionError("sidecar did not come up within 60 s");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Test
	void usageAcknowledgedBeforeAKillMinusNineIsServedAfterTheRestart() throws Exception {
		int port = freePort();
		Process first = start(port);
		String step = Instant.ofEpochSecond((Instant.now().getEpochSecond() / 60 - 1) * 60).toString();
		try {
			awaitUp(port, first);
			HttpResponse<String> accepted = HTTP
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/usage"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("""
							{"instance": "gw-1", "records": [{"tenant": "acme", "resource": "db", "stepStart": "%s",
							  "attempted": 42, "admitted": 40, "throttled": 2, "units": 42}]}
							""".formatted(step)))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(accepted.statusCode()).isEqualTo(202);
		}
		finally {
			first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}

		Process second = start(port);
		try {
			awaitUp(port, second);
			HttpResponse<String> history = HTTP.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/history?tenant=acme&resource=db"))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(history.statusCode()).isEqualTo(200);
			assertThat(history.body())
				.contains("\"start\":\"" + step + "\",\"demand\":42.0,\"attempted\":42,\"throttled\":2");
		}
		finally {
			second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
	}

}
