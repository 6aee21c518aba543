package io.github.predictivegateway.sidecar.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;

import io.github.predictivegateway.wire.UsageStream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the sidecar takes usage from ({@code sidecar.usage.*}). {@code POST /v1/usage} is
 * always open; with {@code source=redis} the sidecar also reads the gateways' usage
 * stream from the Redis of {@code spring.data.redis.*}, so no gateway needs its address.
 */
@ConfigurationProperties("sidecar.usage")
@Validated
public class SidecarUsageProperties {

	/**
	 * http: usage arrives only by POST /v1/usage; redis: also read from the usage stream.
	 */
	@NotNull
	@Pattern(regexp = "http|redis", message = "sidecar.usage.source must be http or redis")
	private String source = "http";

	/**
	 * The usage stream's key: the gateways' predictive.redis.key-prefix followed by
	 * {usage}:stream.
	 */
	@NotBlank
	private String stream = UsageStream.DEFAULT_KEY;

	/** How often the stream is read for new entries. */
	@NotNull
	private Duration pollInterval = Duration.ofSeconds(1);

	/** Most stream entries (usage batches) read and journaled at once. */
	@Min(1)
	private int maxEntriesPerRead = 100;

	@AssertTrue(message = "sidecar.usage.poll-interval must be positive")
	boolean isPollIntervalPositive() {
		return this.pollInterval == null || (!this.pollInterval.isNegative() && !this.pollInterval.isZero());
	}

	public String getSource() {
		return this.source;
	}

	public void setSource(String source) {
		this.source = source;
	}

	public String getStream() {
		return this.stream;
	}

	public void setStream(String stream) {
		this.stream = stream;
	}

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	public int getMaxEntriesPerRead() {
		return this.maxEntriesPerRead;
	}

	public void setMaxEntriesPerRead(int maxEntriesPerRead) {
		this.maxEntriesPerRead = maxEntriesPerRead;
	}

}
