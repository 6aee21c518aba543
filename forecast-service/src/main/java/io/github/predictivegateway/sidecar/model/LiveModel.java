package io.github.predictivegateway.sidecar.model;

import io.github.predictivegateway.forecasting.TrainedModel;
import io.github.predictivegateway.sidecar.history.SeriesId;

/**
 * The model version serving a series.
 */
public record LiveModel(SeriesId series, int version, TrainedModel model) {
}
