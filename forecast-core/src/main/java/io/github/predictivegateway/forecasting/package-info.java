/**
 * Framework-free forecasting: training a series
 * ({@link io.github.predictivegateway.forecasting.ForecastTrainer}), the model it serves
 * ({@link io.github.predictivegateway.forecasting.TrainedModel}) and its probabilistic
 * forecasts, and the training options.
 */
@NullMarked
package io.github.predictivegateway.forecasting;

import org.jspecify.annotations.NullMarked;
