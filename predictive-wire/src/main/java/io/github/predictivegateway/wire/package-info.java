/**
 * The contracts between the gateway ({@code predictive-filter}) and the forecaster
 * ({@code forecast-engine}, served by {@code forecast-sidecar}), each written once: the
 * series identity ({@link io.github.predictivegateway.wire.SeriesKey}), the forecast
 * snapshot and its JSON ({@link io.github.predictivegateway.wire.ForecastSnapshotCodec}),
 * the usage batch, its JSON and its limits
 * ({@link io.github.predictivegateway.wire.UsageBatchCodec},
 * {@link io.github.predictivegateway.wire.UsageValidator}), the Redis usage stream's
 * names ({@link io.github.predictivegateway.wire.UsageStream}) and the compressed-time
 * rule ({@link io.github.predictivegateway.wire.CompressedTime}). Plain Java and Jackson;
 * no Spring.
 */
@NullMarked
package io.github.predictivegateway.wire;

import org.jspecify.annotations.NullMarked;
