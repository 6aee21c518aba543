package io.github.predictivegateway.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The real forecast sidecar, {@code forecast-sidecar/target/forecast-sidecar.jar} as the
 * reactor packaged it, started with {@code java -jar} on 127.0.0.1 with a temporary data
 * directory, and stopped (destroyed) at the end, its directory deleted.
 */
final class SidecarProcess implements AutoCloseable {

	private final Process process;

	private final URI url;

	private final Path dataDir;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private SidecarProcess(Process process, URI url, Path dataDir) {
		this.process = process;
		this.url = url;
		this.dataDir = dataDir;
	}

	static SidecarProcess start(Duration step, double timeScale, Instant timeOrigin, Duration startTimeout)
			throws IOException, InterruptedException {
		return start(step, timeScale, timeOrigin, startTimeout, List.of());
	}

	/**
	 * @param extraArguments further command line arguments, e.g.
	 * {@code --sidecar.max-batch-records=100}
	 */
	static SidecarProcess start(Duration step, double timeScale, Instant timeOrigin, Duration startTimeout,
			List<String> extraArguments) throws IOException, InterruptedException {
		Path jar = Path.of(System.getProperty("sidecar.jar", "../forecast-sidecar/target/forecast-sidecar.jar"));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar.toAbsolutePath() + " is missing: package forecast-sidecar first "
					+ "(mvn -B verify from the root does)");
		}
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Path dataDir = Files.createTempDirectory("sidecar-e2e");
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
						"-XX:TieredStopAtLevel=1", "-jar", jar.toAbsolutePath().toString(), "--server.port=" + port,
						"--server.address=127.0.0.1", "--sidecar.step=" + step.getSeconds() + "s",
						"--sidecar.data-dir=" + dataDir, "--sidecar.model-dir=" + dataDir.resolve("models"),
						"--sidecar.time-scale=" + timeScale, "--sidecar.time-origin=" + timeOrigin,
						"--sidecar.retrain-initial-delay=1h", "--management.endpoints.web.exposure.include=health"));
		command.addAll(extraArguments);
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(dataDir.resolve("sidecar.log").toFile())
			.start();
		SidecarProcess sidecar = new SidecarProcess(process, URI.create("http://127.0.0.1:" + port), dataDir);
		sidecar.awaitUp(startTimeout);
		return sidecar;
	}

	private void awaitUp(Duration timeout) throws InterruptedException, IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("the sidecar exited: " + log());
			}
			try {
				if (send(HttpRequest.newBuilder(this.url.resolve("/actuator/health")).GET()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(200);
		}
		close();
		throw new IllegalStateException("the sidecar did not start within " + timeout + ": " + log());
	}

	HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> importHistory(String tenant, String resource, String csv)
			throws IOException, InterruptedException {
		return send(HttpRequest
			.newBuilder(this.url.resolve("/v1/history/import?tenant=" + tenant + "&resource=" + resource))
			.header("Content-Type", "text/csv")
			.POST(HttpRequest.BodyPublishers.ofString(csv)));
	}

	HttpResponse<String> retrain() throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(this.url.resolve("/v1/retrain")).POST(HttpRequest.BodyPublishers.noBody()));
	}

	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(this.url.resolve(path)).GET());
	}

	URI url() {
		return this.url;
	}

	String log() throws IOException {
		Path log = this.dataDir.resolve("sidecar.log");
		if (!Files.exists(log)) {
			return "";
		}
		String text = Files.readString(log);
		return text.substring(Math.max(0, text.length() - 4000));
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		try (var files = Files.walk(this.dataDir)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory left behind
		}
	}

}
