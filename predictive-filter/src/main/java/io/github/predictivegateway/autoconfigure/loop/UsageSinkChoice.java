package io.github.predictivegateway.autoconfigure.loop;

import java.util.List;

import io.github.predictivegateway.autoconfigure.PredictiveConfigurationException;
import io.github.predictivegateway.autoconfigure.PredictiveProperties;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Where usage records go, from {@code predictive.usage.sink}:
 * <ul>
 * <li>{@code sidecar}: {@code POST /v1/usage} to {@code predictive.forecast.sidecar-url}
 * (which must be set);</li>
 * <li>{@code redis}: the Redis usage stream, read by every sidecar, or, without a
 * sidecar, by every instance's embedded forecaster (needs {@code predictive.store=redis},
 * and a reader: a {@code sidecar-url} or the embedded forecaster);</li>
 * <li>{@code auto} (default): {@code redis} when {@code predictive.store=redis} and the
 * stream has a reader, because several gateway instances must all reach the forecaster
 * with their usage; otherwise the sidecar if its URL is set, else the embedded forecaster
 * (or nowhere).</li>
 * </ul>
 */
public enum UsageSinkChoice {

	SIDECAR, REDIS, EMBEDDED;

	public static final List<String> NAMES = List.of("auto", "sidecar", "redis");

	public static UsageSinkChoice resolve(String sink, String store, boolean sidecarUrl) {
		return resolve(sink, store, sidecarUrl, false);
	}

	/**
	 * @param embeddedReads whether, without a sidecar, the embedded forecaster runs (and
	 * so, in distributed mode, reads the usage stream)
	 */
	public static UsageSinkChoice resolve(String sink, String store, boolean sidecarUrl, boolean embeddedReads) {
		boolean redisStore = "redis".equals(store);
		boolean streamRead = sidecarUrl || embeddedReads;
		switch (sink) {
			case "redis" -> {
				if (!redisStore || !streamRead) {
					throw new PredictiveConfigurationException(
							List.of("predictive.usage.sink is redis but " + (redisStore
									? "predictive.forecast.sidecar-url is not set and the embedded forecaster"
											+ " is off: nobody would read the usage stream"
									: "predictive.store is '" + store
											+ "': the usage stream needs predictive.store=redis")));
				}
				return REDIS;
			}
			case "sidecar" -> {
				if (!sidecarUrl) {
					throw new PredictiveConfigurationException(
							List.of("predictive.usage.sink is sidecar but predictive.forecast.sidecar-url is not set"));
				}
				return SIDECAR;
			}
			default -> {
				if (redisStore && streamRead) {
					return REDIS;
				}
				return sidecarUrl ? SIDECAR : EMBEDDED;
			}
		}
	}

	public static UsageSinkChoice resolve(Environment environment) {
		String url = environment.getProperty(PredictiveProperties.PREFIX + ".forecast.sidecar-url", "");
		boolean embedded = url.isBlank()
				&& environment.getProperty(EmbeddedForecasterProperties.PREFIX + ".enabled", Boolean.class, true)
				&& ClassUtils.isPresent(EMBEDDED_ENGINE, UsageSinkChoice.class.getClassLoader());
		return resolve(environment.getProperty(PredictiveProperties.PREFIX + ".usage.sink", "auto"),
				environment.getProperty(PredictiveProperties.PREFIX + ".store", "local"), !url.isBlank(), embedded);
	}

	/**
	 * The forecaster engine's class, on the class path when the embedded forecaster can
	 * run.
	 */
	static final String EMBEDDED_ENGINE = "io.github.predictivegateway.forecaster.ForecasterEngine";

	/**
	 * Matches when usage goes to Redis; an invalid choice does not match here and fails
	 * where it is checked.
	 */
	public static final class OnRedis extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			try {
				return (resolve(context.getEnvironment()) == REDIS) ? ConditionOutcome.match("usage goes to Redis")
						: ConditionOutcome.noMatch("usage does not go to Redis");
			}
			catch (PredictiveConfigurationException ex) {
				return ConditionOutcome.noMatch(ex.getMessage());
			}
		}

	}

}
