package io.github.predictivegateway.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a random loopback port in front of a real server (a Redis, a WireMock
 * sidecar), that a fault test turns bad and good again, without the client knowing
 * anything changed:
 * <ul>
 * <li>{@link #forward()}: passes bytes both ways (the healthy state);</li>
 * <li>{@link #delay(long)}: holds every chunk of the server's answers this long before
 * passing it on (a slow server; answers stay in order, so a pipelining client such as
 * Lettuce stays in step);</li>
 * <li>{@link #hang()}: closes the open connections, then accepts new ones and reads what
 * they send, but never connects them to the server nor answers (a hung server);</li>
 * <li>{@link #stop()} / {@link #start()}: closes the listening socket and every
 * connection (connection refused, as for a killed server), and listens again on the same
 * port.</li>
 * </ul>
 * Test code only: one platform thread per connection direction, all daemon, all closed by
 * {@link #close()}.
 */
public final class FaultyTcpProxy implements AutoCloseable {

	private final String targetHost;

	private final int targetPort;

	private final int port;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private volatile ServerSocket server;

	private volatile long delayMillis;

	private volatile boolean hung;

	public FaultyTcpProxy(String targetHost, int targetPort) {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			this.port = probe.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		start();
	}

	public int port() {
		return this.port;
	}

	/** Listens (again) on {@link #port()}. */
	public synchronized void start() {
		if (this.server != null) {
			return;
		}
		try {
			ServerSocket socket = new ServerSocket();
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 50);
			this.server = socket;
			Thread acceptor = new Thread(() -> accept(socket), "faulty-proxy-accept-" + this.port);
			acceptor.setDaemon(true);
			acceptor.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not listen on " + this.port, ex);
		}
	}

	/** Refuses connections and cuts the open ones, like a server that was killed. */
	public synchronized void stop() {
		ServerSocket socket = this.server;
		this.server = null;
		if (socket != null) {
			closeQuietly(socket);
		}
		dropConnections();
	}

	/** The healthy state: no delay, no hang. */
	public void forward() {
		this.delayMillis = 0;
		this.hung = false;
	}

	/** Every chunk of the server's answers waits this long. */
	public void delay(long millis) {
		this.delayMillis = millis;
	}

	/**
	 * From now on connections are accepted and never answered; the open ones are cut
	 * first.
	 */
	public void hang() {
		this.hung = true;
		dropConnections();
	}

	/** Cuts every open connection (both sides). */
	public void dropConnections() {
		for (Socket socket : this.open) {
			closeQuietly(socket);
		}
		this.open.clear();
	}

	@Override
	public void close() {
		stop();
	}

	private void accept(ServerSocket socket) {
		while (!socket.isClosed()) {
			Socket client;
			try {
				client = socket.accept();
			}
			catch (IOException ex) {
				return;
			}
			this.open.add(client);
			if (this.hung) {
				pump("faulty-proxy-hung", client, null, false);
				continue;
			}
			try {
				Socket target = new Socket(this.targetHost, this.targetPort);
				this.open.add(target);
				pump("faulty-proxy-up", client, target, false);
				pump("faulty-proxy-down", target, client, true);
			}
			catch (IOException ex) {
				closeQuietly(client);
			}
		}
	}

	/**
	 * Copies {@code from} to {@code to} (answers from the server delayed);
	 * {@code to == null}: reads and drops.
	 */
	private void pump(String name, Socket from, Socket to, boolean answers) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream()) {
				OutputStream out = (to != null) ? to.getOutputStream() : null;
				int read;
				while ((read = in.read(buffer)) != -1) {
					if (out == null) {
						continue;
					}
					long delay = this.delayMillis;
					if (answers && delay > 0) {
						Thread.sleep(delay);
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// the other side went away, or the test cut the connection
			}
			finally {
				closeQuietly(from);
				if (to != null) {
					closeQuietly(to);
				}
			}
		}, name + "-" + this.port);
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// already closed
		}
	}

}
