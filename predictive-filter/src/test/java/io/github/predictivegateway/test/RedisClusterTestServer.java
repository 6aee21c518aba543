package io.github.predictivegateway.test;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.lettuce.core.RedisURI;

/**
 * A real three-master Redis Cluster on loopback, started once per JVM by the first test
 * that asks for it ({@link #shared()}) and stopped when the JVM exits: three
 * {@code redis-server --cluster-enabled yes} processes on free ports (their cluster bus
 * on free ports too, {@code --cluster-port}), nothing saved to disk, joined by
 * {@code redis-cli --cluster create … --cluster-replicas 0 --cluster-yes}, and handed out
 * once every node reports {@code cluster_state:ok}. The slots are split over the three
 * masters, so keys of different hash tags live on different processes, as in production.
 *
 * <p>
 * Never a silent skip: when {@code redis-server} or {@code redis-cli} is missing, the run
 * installs them ({@code apt-get install redis-server}, which brings {@code redis-tools})
 * and fails, saying how to install them, if it cannot.
 */
public final class RedisClusterTestServer implements TestRedis {

	private static final String HOST = "127.0.0.1";

	private static final int MASTERS = 3;

	private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

	private static RedisClusterTestServer shared;

	private final List<Integer> ports;

	private final List<Process> processes;

	private final Path directory;

	private RedisClusterTestServer(List<Integer> ports, List<Process> processes, Path directory) {
		this.ports = List.copyOf(ports);
		this.processes = processes;
		this.directory = directory;
	}

	/** The cluster shared by the tests of this JVM, started on first use. */
	public static synchronized RedisClusterTestServer shared() {
		if (shared == null) {
			shared = start();
			Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "redis-cluster-test-server-stop"));
		}
		return shared;
	}

	private static RedisClusterTestServer start() {
		String server = RedisBinaries.find("redis-server");
		String cli = RedisBinaries.find("redis-cli");
		List<Integer> free = freePorts(2 * MASTERS);
		List<Integer> ports = free.subList(0, MASTERS);
		Path directory;
		try {
			directory = Files.createTempDirectory("predictive-redis-cluster");
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not make the cluster's directory", ex);
		}
		List<Process> processes = new ArrayList<>();
		RedisClusterTestServer cluster = new RedisClusterTestServer(ports, processes, directory);
		try {
			for (int i = 0; i < MASTERS; i++) {
				int port = ports.get(i);
				processes.add(new ProcessBuilder(server, "--port", Integer.toString(port), "--cluster-port",
						Integer.toString(free.get(MASTERS + i)), "--bind", HOST, "--cluster-enabled", "yes",
						"--cluster-config-file", directory.resolve("nodes-" + port + ".conf").toString(), "--dir",
						directory.toString(), "--save", "", "--appendonly", "no", "--protected-mode", "no")
					.redirectErrorStream(true)
					.redirectOutput(directory.resolve("redis-" + port + ".log").toFile())
					.start());
			}
			long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
			for (int port : ports) {
				while (!"+PONG".equals(cluster.commandAt(port, "PING"))) {
					check(deadline, "redis-server on port " + port + " did not answer PING", directory);
					RedisTestServer.sleep(20);
				}
			}
			List<String> create = new ArrayList<>(List.of(cli, "--cluster", "create"));
			ports.forEach(port -> create.add(HOST + ":" + port));
			create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
			Path output = directory.resolve("cluster-create.log");
			Process creating = new ProcessBuilder(create).redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			if (!creating.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || creating.exitValue() != 0) {
				creating.destroyForcibly();
				throw new IllegalStateException(
						"redis-cli --cluster create failed: " + Files.readString(output).replace('\n', ' '));
			}
			for (int port : ports) {
				while (!cluster.clusterInfo(port).contains("cluster_state:ok")) {
					check(deadline, "node " + port + " never reported cluster_state:ok", directory);
					RedisTestServer.sleep(50);
				}
			}
			return cluster;
		}
		catch (IOException ex) {
			cluster.stop();
			throw new IllegalStateException("could not start the Redis Cluster", ex);
		}
		catch (InterruptedException ex) {
			cluster.stop();
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (RuntimeException ex) {
			cluster.stop();
			throw ex;
		}
	}

	private static void check(long deadline, String failure, Path directory) {
		if (System.nanoTime() > deadline) {
			throw new IllegalStateException(failure + " within " + START_TIMEOUT + " (logs in " + directory + ")");
		}
	}

	/** The client ports of the three masters. */
	public List<Integer> ports() {
		return this.ports;
	}

	@Override
	public List<RedisURI> uris() {
		return this.ports.stream().map(port -> RedisURI.create(HOST, port)).toList();
	}

	@Override
	public boolean cluster() {
		return true;
	}

	@Override
	public Map<String, Object> springProperties() {
		return Map.of("spring.data.redis.cluster.nodes",
				this.ports.stream().map(port -> HOST + ":" + port).collect(Collectors.joining(",")));
	}

	/**
	 * {@inheritDoc} Sent to the first master and, when that one answers {@code MOVED}, to
	 * the master it names.
	 */
	@Override
	public String command(String... args) {
		int port = this.ports.get(0);
		for (int hop = 0; hop < MASTERS + 1; hop++) {
			String reply = commandAt(port, args);
			if (reply == null || !reply.startsWith("-MOVED ")) {
				return reply;
			}
			String target = reply.substring(reply.lastIndexOf(' ') + 1);
			port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
		}
		throw new IllegalStateException("redirected too often: " + String.join(" ", args));
	}

	/** The keys under {@code prefix} on every master, each deleted on its own node. */
	@Override
	public void deleteKeys(String prefix) {
		String pattern = prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "*";
		for (int port : this.ports) {
			for (Object key : (List<?>) call(port, "KEYS", pattern)) {
				call(port, "DEL", (String) key);
			}
		}
	}

	/** How many keys under {@code prefix} each master holds, in the order of ports(). */
	public List<Integer> keysPerMaster(String prefix) {
		String pattern = prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "*";
		return this.ports.stream().map(port -> ((List<?>) call(port, "KEYS", pattern)).size()).toList();
	}

	private String clusterInfo(int port) {
		Object info = call(port, "CLUSTER", "INFO");
		return (info instanceof String text) ? text : "";
	}

	/** One command to one node, its reply formatted as {@link TestRedis#command}. */
	String commandAt(int port, String... args) {
		Object reply;
		try {
			reply = call(port, args);
		}
		catch (IllegalStateException ex) {
			return null;
		}
		if (reply instanceof Long number) {
			return ":" + number;
		}
		if (reply instanceof List<?> list) {
			return "*" + list.size();
		}
		return (String) reply;
	}

	/**
	 * One command in RESP to one node: a simple string comes back as {@code +…}, an error
	 * as {@code -…}, an integer as a {@code Long}, a bulk string as its value (or
	 * {@code null}), an array as a list.
	 */
	public Object call(int port, String... args) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(HOST, port), 500);
			socket.setSoTimeout(5000);
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
			return read(new DataInputStream(new BufferedInputStream(socket.getInputStream())));
		}
		catch (IOException ex) {
			throw new IllegalStateException("no Redis at " + HOST + ":" + port, ex);
		}
	}

	private static Object read(DataInputStream in) throws IOException {
		String line = line(in);
		char type = line.charAt(0);
		String rest = line.substring(1);
		switch (type) {
			case '+', '-':
				return line;
			case ':':
				return Long.parseLong(rest);
			case '$': {
				int length = Integer.parseInt(rest);
				if (length < 0) {
					return null;
				}
				byte[] bytes = new byte[length];
				in.readFully(bytes);
				line(in);
				return new String(bytes, StandardCharsets.UTF_8);
			}
			case '*': {
				int count = Integer.parseInt(rest);
				List<Object> items = new ArrayList<>(Math.max(0, count));
				for (int i = 0; i < count; i++) {
					items.add(read(in));
				}
				return items;
			}
			default:
				throw new IOException("not a RESP reply: " + line);
		}
	}

	private static String line(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) != -1 && c != '\n') {
			if (c != '\r') {
				line.append((char) c);
			}
		}
		if (c == -1 && line.isEmpty()) {
			throw new IOException("connection closed");
		}
		return line.toString();
	}

	private synchronized void stop() {
		for (Process process : this.processes) {
			process.destroyForcibly();
		}
		for (Process process : this.processes) {
			try {
				process.waitFor(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.processes.clear();
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory left behind; nothing else to do at exit
		}
	}

	/**
	 * {@code count} distinct free loopback ports, each held open until all are chosen.
	 */
	private static List<Integer> freePorts(int count) {
		List<ServerSocket> held = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
			}
			return held.stream().map(ServerSocket::getLocalPort).toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			for (ServerSocket socket : held) {
				try {
					socket.close();
				}
				catch (IOException ex) {
					// closing a probe socket
				}
			}
		}
	}

}
