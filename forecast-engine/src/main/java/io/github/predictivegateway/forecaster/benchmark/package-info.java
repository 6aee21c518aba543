/**
 * What the engine's heavy paths cost (retraining, the forecast snapshot): the sidecar's
 * {@code benchmark} command.
 */
@NullMarked
package io.github.predictivegateway.forecaster.benchmark;

import org.jspecify.annotations.NullMarked;
