/**
 * Conformal calibration of forecast intervals from out-of-sample errors per horizon.
 */
@NullMarked
package io.github.predictivegateway.forecasting.interval;

import org.jspecify.annotations.NullMarked;
