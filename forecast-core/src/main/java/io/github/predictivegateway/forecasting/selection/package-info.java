/**
 * Per-series model selection: the candidates and the backtest that picks the one served.
 */
@NullMarked
package io.github.predictivegateway.forecasting.selection;

import org.jspecify.annotations.NullMarked;
