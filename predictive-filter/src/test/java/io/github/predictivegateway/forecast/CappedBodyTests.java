package io.github.predictivegateway.forecast;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forecast pull's body cap against a raw HTTP server on loopback that writes what
 * each test says, with a cap of 1024 bytes: a small body is read whole, a declared
 * {@code Content-Length} above the cap is refused without reading it, and an endless
 * chunked body stops being read at the cap (the connection is closed, so the server's
 * writes fail).
 */
class CappedBodyTests {

	private static final int CAP = 1024;

	private final ServerSocket server = newServer();

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final CompletableFuture<Boolean> writeFailed = new CompletableFuture<>();

	@AfterEach
	void close() throws IOException {
		this.server.close();
	}

	@Test
	void aBodyWithinTheCapIsReadWhole() throws Exception {
		serve("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", false);

		CappedBody body = get();

		assertThat(body.exceeded()).isFalse();
		assertThat(new String(body.bytes(), StandardCharsets.US_ASCII)).isEqualTo("hello");
	}

	@Test
	void aDeclaredLengthAboveTheCapIsRefusedWithoutReadingTheBody() throws Exception {
		serve("HTTP/1.1 200 OK\r\nContent-Length: 10485760\r\n\r\n", true);

		CappedBody body = get();

		assertThat(body.exceeded()).isTrue();
		assertThat(body.bytes()).isEmpty();
		assertThat(this.writeFailed.get(10, TimeUnit.SECONDS)).as("the connection was closed").isTrue();
	}

	@Test
	void anEndlessStreamedBodyStopsBeingReadAtTheCap() throws Exception {
		serve("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", true);

		CappedBody body = get();

		assertThat(body.exceeded()).isTrue();
		assertThat(this.writeFailed.get(10, TimeUnit.SECONDS)).as("the connection was closed").isTrue();
	}

	private CappedBody get() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.server.getLocalPort() + "/"))
			.timeout(Duration.ofSeconds(10))
			.build();
		return this.client.sendAsync(request, CappedBody.upTo(CAP)).get(10, TimeUnit.SECONDS).body();
	}

	/**
	 * Answers one connection with {@code head}, then, if {@code endless}, 1 KB chunks
	 * until the write fails.
	 */
	private void serve(String head, boolean endless) {
		Thread thread = new Thread(() -> {
			try (Socket socket = this.server.accept()) {
				socket.getInputStream().read(new byte[4096]);
				OutputStream out = socket.getOutputStream();
				out.write(head.getBytes(StandardCharsets.US_ASCII));
				out.flush();
				byte[] chunk = ("400\r\n" + "x".repeat(1024) + "\r\n").getBytes(StandardCharsets.US_ASCII);
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
				while (endless && System.nanoTime() < deadline) {
					out.write(chunk);
				}
				this.writeFailed.complete(false);
			}
			catch (IOException ex) {
				this.writeFailed.complete(true);
			}
		}, "capped-body-server");
		thread.setDaemon(true);
		thread.start();
	}

	private static ServerSocket newServer() {
		try {
			return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
