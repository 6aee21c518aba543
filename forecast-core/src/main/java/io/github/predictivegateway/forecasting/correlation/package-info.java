/**
 * Detection of one resource type leading another of the same tenant (lagged cross-
 * correlation).
 */
@NullMarked
package io.github.predictivegateway.forecasting.correlation;

import org.jspecify.annotations.NullMarked;
