/**
 * The point models (seasonal naive, flat, Holt-Winters, harmonic regression with AR
 * errors, with a lagged leader, ensembles) and the fitting scale.
 */
@NullMarked
package io.github.predictivegateway.forecasting.model;

import org.jspecify.annotations.NullMarked;
