/**
 * The gateway's side of forecasts: where they come from (the sidecar, the embedded
 * forecaster, declared pre-allocations), validated series by series, and their staleness
 * rule. Plain Java, no Spring.
 */
@NullMarked
package io.github.predictivegateway.forecast;

import org.jspecify.annotations.NullMarked;
