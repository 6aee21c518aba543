package io.github.predictivegateway.sidecar.config;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;

import io.github.predictivegateway.forecaster.ForecasterEngine;
import io.github.predictivegateway.forecaster.history.UsageStore;
import io.github.predictivegateway.forecaster.usage.RedisUsageReader;
import io.github.predictivegateway.forecaster.usage.UsageStreamPosition;
import io.github.predictivegateway.sidecar.metrics.IntakeMeters;
import io.github.predictivegateway.wire.UsageValidator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Usage from the gateways' Redis usage stream, {@code sidecar.usage.source=redis}: a
 * {@link RedisUsageReader} with its position in {@code sidecar.data-dir}, fed into the
 * same validator and journaled store as HTTP, reached through Boot's
 * {@code spring.data.redis.*} (a single server: the stream is one key).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "sidecar.usage", name = "source", havingValue = "redis")
class RedisUsageConfiguration {

	@Bean(destroyMethod = "shutdown")
	RedisClient sidecarUsageRedisClient(ObjectProvider<DataRedisConnectionDetails> details) {
		DataRedisConnectionDetails connection = details.getIfAvailable(() -> new DataRedisConnectionDetails() {
		});
		DataRedisConnectionDetails.Standalone standalone = connection.getStandalone();
		RedisURI.Builder uri = RedisURI.builder()
			.withHost((standalone != null) ? standalone.getHost() : "localhost")
			.withPort((standalone != null) ? standalone.getPort() : 6379)
			.withDatabase((standalone != null) ? standalone.getDatabase() : 0);
		if (connection.getPassword() != null) {
			if (connection.getUsername() != null) {
				uri.withAuthentication(connection.getUsername(), connection.getPassword());
			}
			else {
				uri.withPassword(connection.getPassword().toCharArray());
			}
		}
		if (connection.getSslBundle() != null) {
			uri.withSsl(true);
		}
		return RedisClient.create(uri.build());
	}

	@Bean
	RedisUsageIntake sidecarRedisUsageIntake(RedisClient client, UsageValidator validator, ForecasterEngine engine,
			SidecarProperties properties, SidecarUsageProperties usage, IntakeMeters meters) {
		UsageStreamPosition position = UsageStreamPosition.open(properties.getDataDir(), usage.getStream());
		UsageStore store = engine.store();
		return new RedisUsageIntake(client,
				commands -> new RedisUsageReader(commands, position, validator, store, usage.getMaxEntriesPerRead()),
				usage.getPollInterval(), meters);
	}

}
