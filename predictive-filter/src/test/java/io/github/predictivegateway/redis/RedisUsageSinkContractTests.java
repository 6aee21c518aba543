package io.github.predictivegateway.redis;

import java.util.List;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import org.junit.jupiter.api.AfterEach;

import io.github.predictivegateway.usage.UsageSink;
import io.github.predictivegateway.usage.UsageSinkContractTests;
import io.github.predictivegateway.wire.UsageStream;

/**
 * The usage sink's contract for the Redis usage stream, in a real Redis; what reached the
 * forecaster is read back from the stream, entry by entry, as a sidecar reads it.
 */
class RedisUsageSinkContractTests extends UsageSinkContractTests {

	private final RedisFixture redis = fixture();

	/**
	 * The Redis this suite runs on: the test server here, the test Redis Cluster in the
	 * subclass that runs the same tests there. Called while the test is constructed.
	 */
	RedisFixture fixture() {
		return new RedisFixture();
	}

	private final RedisConnector connector = this.redis.connector();

	@AfterEach
	void cleanUp() throws Exception {
		this.redis.close();
	}

	@Override
	protected UsageSink sink() {
		return new RedisUsageSink(this.connector, this.redis.keys(), RedisFixture.guard(), 100);
	}

	@Override
	protected UsageSink unreachableSink() {
		return new RedisUsageSink(this.redis.unreachable(), this.redis.keys(), RedisFixture.guard(), 100);
	}

	@Override
	protected List<byte[]> received() {
		try {
			List<StreamMessage<String, byte[]>> entries = this.connector.commands()
				.xrange(this.redis.keys().usageStream(), Range.create("-", "+"))
				.get();
			return entries.stream().map(entry -> entry.getBody().get(UsageStream.BATCH_FIELD)).toList();
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not read the usage stream", ex);
		}
	}

}
