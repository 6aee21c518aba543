package io.github.predictivegateway.app;

import java.time.Duration;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Cloud Gateway's own {@code Bucket4jRateLimiter}, for comparison with
 * {@code PredictiveRateLimiter} and Gateway's {@code RedisRateLimiter} (the load
 * benchmark, {@code bench/load/run.sh}). Off unless {@value #ENABLED} is {@code true}.
 *
 * <p>
 * Gateway creates its {@code Bucket4jRateLimiter} (bean {@code bucket4jRateLimiter}) once
 * the application defines an {@code AsyncProxyManager<String>}. This one is Bucket4j's
 * compare-and-swap proxy manager on Lettuce, over the same Redis as Spring Data Redis
 * ({@code spring.data.redis.host} and {@code port}), keys under {@value #KEY_PREFIX}
 * (default {@code gateway-bucket4j:}), expiring 10 s after a bucket would be full again.
 * A route picks it with {@code rate-limiter: "#{@bucket4jRateLimiter}"};
 * {@code RedisRateLimiter}, when Gateway creates one, stays the default of
 * {@code RequestRateLimiter}, which accepts only one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = GatewayBucket4jRateLimiterConfiguration.ENABLED, havingValue = "true")
class GatewayBucket4jRateLimiterConfiguration {

	static final String ENABLED = "gateway-app.bucket4j-rate-limiter.enabled";

	static final String KEY_PREFIX = "gateway-app.bucket4j-rate-limiter.key-prefix";

	private static final String REDIS_RATE_LIMITER = "redisRateLimiter";

	@Bean(destroyMethod = "close")
	Bucket4jRedis gatewayBucket4jRedis(@Value("${spring.data.redis.host:127.0.0.1}") String host,
			@Value("${spring.data.redis.port:6379}") int port) {
		return new Bucket4jRedis(RedisClient.create(RedisURI.create(host, port)));
	}

	@Bean
	AsyncProxyManager<String> gatewayBucket4jProxyManager(Bucket4jRedis redis,
			@Value("${" + KEY_PREFIX + ":gateway-bucket4j:}") String keyPrefix) {
		AsyncProxyManager<String> keys = Bucket4jLettuce.casBasedBuilder(redis.connection())
			.expirationAfterWrite(
					ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
			.build()
			.asAsync();
		return keys.withMapper(keyPrefix::concat);
	}

	/**
	 * Two rate limiters: {@code RequestRateLimiter}'s single default stays Gateway's
	 * {@code RedisRateLimiter}.
	 */
	@Bean
	static BeanFactoryPostProcessor redisRateLimiterStaysTheDefault() {
		return beanFactory -> {
			if (beanFactory.containsBeanDefinition(REDIS_RATE_LIMITER)) {
				beanFactory.getBeanDefinition(REDIS_RATE_LIMITER).setPrimary(true);
			}
		};
	}

	/**
	 * The Lettuce client and its one connection (keys as strings, values as bytes),
	 * closed with the context.
	 */
	static final class Bucket4jRedis implements AutoCloseable {

		private final RedisClient client;

		private final StatefulRedisConnection<String, byte[]> connection;

		Bucket4jRedis(RedisClient client) {
			this.client = client;
			this.connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
		}

		StatefulRedisConnection<String, byte[]> connection() {
			return this.connection;
		}

		@Override
		public void close() {
			this.connection.close();
			this.client.shutdown();
		}

	}

}
