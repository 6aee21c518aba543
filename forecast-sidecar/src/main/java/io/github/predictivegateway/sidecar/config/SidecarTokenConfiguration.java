package io.github.predictivegateway.sidecar.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.predictivegateway.sidecar.security.SidecarToken;
import io.github.predictivegateway.sidecar.security.SidecarTokenFilter;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.server.WebFilter;

/**
 * Who may write to the sidecar. With {@code sidecar.token} (or
 * {@code sidecar.token-file}) every request that changes state needs
 * {@code Authorization: Bearer <token>} ({@link SidecarTokenFilter}). Without a token the
 * write endpoints are open, which is accepted only while the API binds a loopback address
 * ({@code server.address}, the default {@code 127.0.0.1}): then only processes of the
 * same host (or pod) can reach them. A sidecar bound beyond loopback without a token does
 * not start, with a message naming {@code sidecar.token}. The token's value never appears
 * in a message or a log line.
 */
@Configuration(proxyBeanMethods = false)
class SidecarTokenConfiguration {

	private static final Log logger = LogFactory.getLog(SidecarTokenConfiguration.class);

	@Bean
	WebFilter sidecarTokenFilter(SidecarProperties properties, Environment environment) {
		SidecarToken token = token(properties);
		if (token != null) {
			logger.info("Sidecar write endpoints require the shared token (sidecar.token or sidecar.token-file)");
			return new SidecarTokenFilter(token);
		}
		String address = environment.getProperty("server.address");
		if (!isLoopback(address)) {
			throw new InvalidConfigurationPropertyValueException("sidecar.token", "(unset)",
					"the API binds " + ((address != null) ? "server.address=" + address : "every interface")
							+ ", which is not loopback, so its write endpoints need a shared token: set sidecar.token"
							+ " or sidecar.token-file (and the gateways' predictive.forecast.sidecar-token),"
							+ " or bind server.address to 127.0.0.1");
		}
		logger.info("No sidecar.token: write endpoints are open to clients on this host only (server.address=" + address
				+ ")");
		return (exchange, chain) -> chain.filter(exchange);
	}

	static @Nullable SidecarToken token(SidecarProperties properties) {
		String token = properties.getToken();
		Path file = properties.getTokenFile();
		if (token != null && file != null) {
			throw new InvalidConfigurationPropertyValueException("sidecar.token-file", file,
					"set either sidecar.token or sidecar.token-file, not both");
		}
		if (file != null) {
			try {
				token = Files.readString(file, StandardCharsets.UTF_8);
			}
			catch (IOException | RuntimeException ex) {
				throw new InvalidConfigurationPropertyValueException("sidecar.token-file", file,
						"the file cannot be read (" + ex.getClass().getSimpleName() + ")");
			}
			if (token.isBlank()) {
				throw new InvalidConfigurationPropertyValueException("sidecar.token-file", file, "the file is empty");
			}
		}
		if (token == null) {
			return null;
		}
		if (token.isBlank()) {
			throw new InvalidConfigurationPropertyValueException("sidecar.token", "(blank)",
					"a blank token would admit anyone; unset it or give it a value");
		}
		return SidecarToken.of(token);
	}

	static boolean isLoopback(@Nullable String address) {
		if (address == null || address.isBlank()) {
			return false;
		}
		try {
			return InetAddress.getByName(address.strip()).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

}
