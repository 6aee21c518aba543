/**
 * The forecast snapshot built from the live models and the latest usage, and the rolling
 * accuracy of what it served.
 */
@NullMarked
package io.github.predictivegateway.forecaster.snapshot;

import org.jspecify.annotations.NullMarked;
