/**
 * Regularly spaced series and the CSV reader that resamples traces onto the step grid.
 */
@NullMarked
package io.github.predictivegateway.forecasting.series;

import org.jspecify.annotations.NullMarked;
