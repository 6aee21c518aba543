/**
 * The backtest protocol: rolling-origin evaluation, the seasonal naive reference, the
 * accuracy metrics (MASE, coverage, interval score, sMAPE) and the {@code backtest}
 * command.
 */
@NullMarked
package io.github.predictivegateway.forecasting.backtest;

import org.jspecify.annotations.NullMarked;
