package io.github.predictivegateway.sidecar.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/**
 * A real Redis for the sidecar's tests, never a silent skip: the one named by
 * {@code PREDICTIVE_TEST_REDIS} ({@code host:port}), else {@code 127.0.0.1:6379} if
 * something listens there, else a {@code redis-server} started on a free loopback port
 * (stopped at exit). Tests use keys of their own and never flush.
 */
public final class TestRedis {

	private static TestRedis shared;

	private final String host;

	private final int port;

	private TestRedis(String host, int port) {
		this.host = host;
		this.port = port;
	}

	public static synchronized TestRedis shared() {
		if (shared == null) {
			String configured = System.getenv("PREDICTIVE_TEST_REDIS");
			if (configured != null && !configured.isBlank()) {
				String[] hostPort = configured.trim().split(":");
				shared = new TestRedis(hostPort[0], Integer.parseInt(hostPort[1]));
			}
			else if (listening("127.0.0.1", 6379)) {
				shared = new TestRedis("127.0.0.1", 6379);
			}
			else {
				shared = startOwn();
			}
		}
		return shared;
	}

	private static TestRedis startOwn() {
		String binary = null;
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			if (new File(dir, "redis-server").canExecute()) {
				binary = new File(dir, "redis-server").getPath();
			}
		}
		if (binary == null) {
			throw new IllegalStateException("no Redis on 127.0.0.1:6379 and no redis-server binary: install it "
					+ "(apt-get install redis-server) or set PREDICTIVE_TEST_REDIS=host:port");
		}
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		Process process;
		try {
			process = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
					"--appendonly", "no")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not start " + binary, ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!listening("127.0.0.1", port)) {
			if (System.nanoTime() > deadline || !process.isAlive()) {
				throw new IllegalStateException("redis-server did not start on port " + port);
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		return new TestRedis("127.0.0.1", port);
	}

	private static boolean listening(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 300);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	public String host() {
		return this.host;
	}

	public int port() {
		return this.port;
	}

}
