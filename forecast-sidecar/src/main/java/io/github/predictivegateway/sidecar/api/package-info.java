/**
 * The sidecar's HTTP API (v1): forecasts, usage intake, history, models, correlations,
 * retraining.
 */
@NullMarked
package io.github.predictivegateway.sidecar.api;

import org.jspecify.annotations.NullMarked;
