/**
 * Auto-configuration of the predictive loop: the forecaster (sidecar or embedded), the
 * staleness rule, dynamic adjustment and usage feedback ({@code predictive.forecast.*},
 * {@code .adjustment.*}, {@code .usage.*}, {@code .embedded.*}).
 */
@NullMarked
package io.github.predictivegateway.autoconfigure.loop;

import org.jspecify.annotations.NullMarked;
