package io.github.predictivegateway.sidecar.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.sidecar.security.SidecarTokenFilter;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up rules of the sidecar token, on the configuration alone (no server is
 * started).
 */
class SidecarTokenConfigurationTests {

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(SidecarProperties.class)
	static class Properties {

	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Properties.class, SidecarTokenConfiguration.class);

	@TempDir
	Path dir;

	@Test
	void withoutTokenBeyondLoopbackTheSidecarDoesNotStartAndNamesTheProperty() {
		this.runner.withPropertyValues("server.address=0.0.0.0").run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("sidecar.token")
				.hasMessageContaining("server.address=0.0.0.0");
		});
	}

	@Test
	void withoutTokenAndWithoutAnAddressTheSidecarDoesNotStart() {
		this.runner.run(context -> assertThat(context).hasFailed());
	}

	@Test
	void withoutTokenOnLoopbackTheWriteEndpointsAreOpen() {
		this.runner.withPropertyValues("server.address=127.0.0.1").run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(WebFilter.class)).isNotInstanceOf(SidecarTokenFilter.class);
		});
	}

	@Test
	void withATokenBeyondLoopbackTheSidecarStartsWithTheTokenFilter() {
		this.runner.withPropertyValues("server.address=0.0.0.0", "sidecar.token=abc123")
			.run(context -> assertThat(context.getBean(WebFilter.class)).isInstanceOf(SidecarTokenFilter.class));
	}

	@Test
	void theTokenCanComeFromAFile() throws IOException {
		Path file = Files.writeString(this.dir.resolve("token"), "abc123\n");
		this.runner.withPropertyValues("server.address=0.0.0.0", "sidecar.token-file=" + file)
			.run(context -> assertThat(context.getBean(WebFilter.class)).isInstanceOf(SidecarTokenFilter.class));
	}

	@Test
	void aMissingTokenFileStopsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("sidecar.token-file=" + this.dir.resolve("absent"))
			.run(context -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("sidecar.token-file")
				.hasMessageContaining("cannot be read"));
	}

	@Test
	void aBlankTokenStopsStartUpWithoutEchoingIt() {
		this.runner.withPropertyValues("server.address=127.0.0.1", "sidecar.token= ")
			.run(context -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("sidecar.token")
				.hasMessageContaining("blank"));
	}

}
