package io.github.predictivegateway.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The Redis of gateway-app tests, never a silent skip: the one named by
 * {@code PREDICTIVE_TEST_REDIS} ({@code host:port}), else the one on
 * {@code 127.0.0.1:6379} if it answers {@code PING}, else a {@code redis-server} started
 * on a free loopback port and stopped at exit (the test fails, saying so, when the binary
 * is missing). The same rules as predictive-filter's {@code RedisTestServer}, whose test
 * classes are not on this module's class path. Tests write under a key prefix of their
 * own and never flush.
 */
final class TestRedis {

	private static TestRedis shared;

	private final String host;

	private final int port;

	private TestRedis(String host, int port) {
		this.host = host;
		this.port = port;
	}

	static synchronized TestRedis shared() {
		if (shared == null) {
			String configured = System.getenv("PREDICTIVE_TEST_REDIS");
			if (configured != null && !configured.isBlank()) {
				String[] hostPort = configured.trim().split(":");
				shared = new TestRedis(hostPort[0], Integer.parseInt(hostPort[1]));
				if (!shared.answers()) {
					throw new IllegalStateException("PREDICTIVE_TEST_REDIS=" + configured + " but no Redis answers");
				}
			}
			else {
				TestRedis local = new TestRedis("127.0.0.1", 6379);
				shared = local.answers() ? local : startOwn();
			}
		}
		return shared;
	}

	String host() {
		return this.host;
	}

	int port() {
		return this.port;
	}

	private static TestRedis startOwn() {
		TestRedis redis = new TestRedis("127.0.0.1", freePort());
		Process process;
		try {
			process = new ProcessBuilder("redis-server", "--port", Integer.toString(redis.port), "--bind", "127.0.0.1",
					"--save", "", "--appendonly", "no")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("no Redis on 127.0.0.1:6379 and 'redis-server' could not be started: "
					+ "install it ('apt-get install redis-server') or set PREDICTIVE_TEST_REDIS=host:port", ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!redis.answers()) {
			if (System.nanoTime() > deadline || !process.isAlive()) {
				throw new IllegalStateException("redis-server did not answer on port " + redis.port);
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		return redis;
	}

	/**
	 * Deletes the keys under {@code prefix} (tests clean up after themselves; nothing
	 * else is touched).
	 */
	void deleteKeys(String prefix) {
		String[] args = { "EVAL",
				"for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end return 0", "0",
				prefix + "*" };
		StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
		for (String arg : args) {
			request.append('$')
				.append(arg.getBytes(StandardCharsets.UTF_8).length)
				.append("\r\n")
				.append(arg)
				.append("\r\n");
		}
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(this.host, this.port), 500);
			socket.setSoTimeout(5000);
			socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
			socket.getOutputStream().flush();
			socket.getInputStream().read();
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not delete the test's keys", ex);
		}
	}

	/**
	 * Redis' own clock, in whole seconds ({@code TIME}): the clock Gateway's
	 * {@code RedisRateLimiter} script refills by.
	 */
	long seconds() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(this.host, this.port), 500);
			socket.setSoTimeout(2000);
			OutputStream out = socket.getOutputStream();
			out.write("*1\r\n$4\r\nTIME\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			// *2, $<length>, then the seconds
			readLine(in);
			readLine(in);
			return Long.parseLong(readLine(in));
		}
		catch (IOException ex) {
			throw new IllegalStateException("no Redis at " + this.host + ":" + this.port, ex);
		}
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
			line.append((char) c);
		}
		return line.toString().trim();
	}

	private boolean answers() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(this.host, this.port), 500);
			socket.setSoTimeout(2000);
			OutputStream out = socket.getOutputStream();
			out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] reply = in.readNBytes(5);
			return new String(reply, StandardCharsets.US_ASCII).equals("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
