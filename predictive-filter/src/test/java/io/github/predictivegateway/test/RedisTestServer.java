package io.github.predictivegateway.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.RedisURI;

/**
 * A real Redis for tests, never a silent skip:
 * <ul>
 * <li>{@link #shared()}: the server named by the environment variable {@value #ENV}
 * ({@code host:port}), else the one on {@code 127.0.0.1:6379} if it answers {@code PING},
 * else a {@code redis-server} this JVM starts on a free loopback port (and stops at
 * exit). If none answers and the binary is missing, the test fails and says how to
 * install it.</li>
 * <li>{@link #startOwn()}: a {@code redis-server} of the test's own, on a free port, that
 * the test may stop and start again (outage tests); the shared server is never
 * stopped.</li>
 * </ul>
 * Tests write under {@link #newPrefix()}, a key prefix of their own, and never flush a
 * database.
 */
public final class RedisTestServer implements TestRedis {

	/** Environment variable naming a Redis for tests: {@code host:port}. */
	public static final String ENV = "PREDICTIVE_TEST_REDIS";

	private static final String BINARY = "redis-server";

	private static RedisTestServer shared;

	private final String host;

	private final int port;

	private Process process;

	private RedisTestServer(String host, int port, Process process) {
		this.host = host;
		this.port = port;
		this.process = process;
	}

	/** The Redis shared by tests of this JVM (see the class comment). */
	public static synchronized RedisTestServer shared() {
		if (shared == null) {
			String configured = System.getenv(ENV);
			if (configured != null && !configured.isBlank()) {
				String[] hostPort = configured.trim().split(":");
				shared = new RedisTestServer(hostPort[0], Integer.parseInt(hostPort[1]), null);
				if (!shared.answers()) {
					throw new IllegalStateException(ENV + "=" + configured + " but no Redis answers PING there");
				}
			}
			else {
				RedisTestServer local = new RedisTestServer("127.0.0.1", 6379, null);
				shared = local.answers() ? local : startOwn();
			}
		}
		return shared;
	}

	/**
	 * A {@code redis-server} process of the caller's own on a free loopback port, started
	 * and answering.
	 */
	public static RedisTestServer startOwn() {
		RedisTestServer server = new RedisTestServer("127.0.0.1", freePort(), null);
		server.start();
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
		return server;
	}

	/** Starts (again) this test's own server on its port. */
	public synchronized void start() {
		String binary = findBinary();
		try {
			this.process = new ProcessBuilder(binary, "--port", Integer.toString(this.port), "--bind", "127.0.0.1",
					"--save", "", "--appendonly", "no", "--protected-mode", "no")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not start " + binary, ex);
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!answers()) {
			if (System.nanoTime() > deadline || !this.process.isAlive()) {
				throw new IllegalStateException("redis-server did not answer on port " + this.port);
			}
			sleep(20);
		}
	}

	/**
	 * Stops this test's own server (at once, like a crash); does nothing for a server the
	 * test did not start.
	 */
	public synchronized void stop() {
		if (this.process != null) {
			this.process.destroyForcibly();
			try {
				this.process.waitFor();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.process = null;
		}
	}

	public String host() {
		return this.host;
	}

	@Override
	public List<RedisURI> uris() {
		return List.of(RedisURI.create(this.host, this.port));
	}

	@Override
	public boolean cluster() {
		return false;
	}

	@Override
	public Map<String, Object> springProperties() {
		return Map.of("spring.data.redis.host", this.host, "spring.data.redis.port", Integer.toString(this.port));
	}

	public int port() {
		return this.port;
	}

	/** A key prefix no other test run uses: {@code predictive-test:<random>:}. */
	public static String newPrefix() {
		return "predictive-test:" + UUID.randomUUID().toString().substring(0, 8) + ":";
	}

	/**
	 * Deletes the keys under {@code prefix} (tests clean up after themselves; nothing
	 * else is touched).
	 */
	@Override
	public void deleteKeys(String prefix) {
		String script = "local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) n = n + 1 end return n";
		command("EVAL", script, "0", prefix + "*");
	}

	/** Whether a Redis answers {@code PING} here now. */
	public boolean answers() {
		try {
			return command("PING").startsWith("+PONG");
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	/**
	 * Sends one command in RESP and returns its reply's first line, or for a bulk string
	 * its value ({@code null} when absent); tests only: blocking, tiny.
	 */
	@Override
	public String command(String... args) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(this.host, this.port), 500);
			socket.setSoTimeout(2000);
			StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
			for (String arg : args) {
				request.append('$')
					.append(arg.getBytes(StandardCharsets.UTF_8).length)
					.append("\r\n")
					.append(arg)
					.append("\r\n");
			}
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			String first = readLine(in);
			if (first.startsWith("$")) {
				return first.equals("$-1") ? null : readLine(in);
			}
			return first;
		}
		catch (IOException ex) {
			throw new IllegalStateException("no Redis at " + this.host + ":" + this.port, ex);
		}
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) != -1 && c != '\n') {
			line.append((char) c);
		}
		return line.toString().trim();
	}

	/**
	 * The {@code redis-server} binary, installed if missing; if it cannot be, the test
	 * fails and says how to install it or where to point {@value #ENV}.
	 */
	private static String findBinary() {
		try {
			return RedisBinaries.find(BINARY);
		}
		catch (IllegalStateException ex) {
			throw new IllegalStateException("Redis tests need a Redis server: none answers on 127.0.0.1:6379 (or at "
					+ ENV + "=host:port). " + ex.getMessage() + " Or point " + ENV + " at a running Redis.", ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
