package io.github.predictivegateway.forecaster.model;

import io.github.predictivegateway.forecasting.TrainedModel;
import io.github.predictivegateway.forecaster.history.SeriesId;

/**
 * The model version serving a series.
 */
public record LiveModel(SeriesId series, int version, TrainedModel model) {
}
