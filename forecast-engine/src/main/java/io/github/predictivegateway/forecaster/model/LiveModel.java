package io.github.predictivegateway.forecaster.model;

import io.github.predictivegateway.forecasting.TrainedModel;
import io.github.predictivegateway.wire.SeriesKey;

/**
 * The model version serving a series.
 */
public record LiveModel(SeriesKey series, int version, TrainedModel model) {
}
