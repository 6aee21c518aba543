/**
 * The forecaster engine, plain Java, run by the sidecar and embedded in the gateway: its
 * settings ({@link io.github.predictivegateway.forecaster.ForecasterProperties},
 * {@link io.github.predictivegateway.forecaster.ForecasterSettings}) and the one factory
 * both call ({@link io.github.predictivegateway.forecaster.ForecasterEngine}).
 */
@NullMarked
package io.github.predictivegateway.forecaster;

import org.jspecify.annotations.NullMarked;
