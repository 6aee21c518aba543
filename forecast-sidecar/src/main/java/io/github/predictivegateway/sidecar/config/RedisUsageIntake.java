package io.github.predictivegateway.sidecar.config;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisStreamCommands;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.forecaster.usage.RedisUsageReader;
import io.github.predictivegateway.sidecar.metrics.IntakeMeters;

import org.springframework.context.SmartLifecycle;

/**
 * Reads the usage stream every {@code poll-interval} on its own daemon thread, until it
 * has nothing new. The connection is opened on the first read, not at start-up: a sidecar
 * starts, and serves, while Redis is down, and catches up from its saved position when
 * Redis answers (Lettuce reconnects an open connection by itself). A failed read is
 * logged and tried again at the next interval.
 */
final class RedisUsageIntake implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RedisUsageIntake.class);

	/**
	 * Reads in a row at one interval at most, so a long backlog does not starve the
	 * thread.
	 */
	private static final int MAX_READS_PER_POLL = 100;

	private final RedisClient client;

	private final Function<RedisStreamCommands<String, String>, RedisUsageReader> readers;

	private final Duration interval;

	private final IntakeMeters meters;

	private @Nullable ScheduledExecutorService executor;

	private @Nullable StatefulRedisConnection<String, String> connection;

	private @Nullable RedisUsageReader reader;

	private boolean failing;

	RedisUsageIntake(RedisClient client, Function<RedisStreamCommands<String, String>, RedisUsageReader> readers,
			Duration interval, IntakeMeters meters) {
		this.client = client;
		this.readers = readers;
		this.interval = interval;
		this.meters = meters;
	}

	@Override
	public synchronized void start() {
		this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "sidecar-usage-stream");
			thread.setDaemon(true);
			return thread;
		});
		long millis = Math.max(1, this.interval.toMillis());
		this.executor.scheduleWithFixedDelay(this::poll, 0, millis, TimeUnit.MILLISECONDS);
	}

	private void poll() {
		try {
			RedisUsageReader open = reader();
			for (int i = 0; i < MAX_READS_PER_POLL && counted(open.poll()).entries() > 0; i++) {
				// read on while there are new entries
			}
			if (this.failing) {
				logger.info("Reading the usage stream again, from entry " + open.lastId());
				this.failing = false;
			}
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				logger.warn("Cannot read the usage stream (will retry every " + this.interval + "): " + ex);
				this.failing = true;
			}
		}
	}

	/**
	 * Counts what a read stored, as for HTTP; an invalid stream entry counts as one
	 * rejected record.
	 */
	private RedisUsageReader.Polled counted(RedisUsageReader.Polled polled) {
		this.meters.stored(polled.applied());
		this.meters.rejected(polled.invalid());
		return polled;
	}

	private synchronized RedisUsageReader reader() {
		RedisUsageReader open = this.reader;
		if (open == null) {
			StatefulRedisConnection<String, String> connected = this.client.connect();
			this.connection = connected;
			open = this.readers.apply(connected.sync());
			this.reader = open;
		}
		return open;
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
		if (this.connection != null) {
			this.connection.close();
			this.connection = null;
			this.reader = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

}
