/**
 * The forecast sidecar process: the forecaster engine served over HTTP, and its {@code
 * backtest} and {@code benchmark} commands.
 */
@NullMarked
package io.github.predictivegateway.sidecar;

import org.jspecify.annotations.NullMarked;
