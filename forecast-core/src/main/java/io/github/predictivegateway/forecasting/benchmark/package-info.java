/**
 * Synthetic series and the training benchmark.
 */
@NullMarked
package io.github.predictivegateway.forecasting.benchmark;

import org.jspecify.annotations.NullMarked;
