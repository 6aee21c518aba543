/**
 * The versioned, checksummed text format of a trained model, written and validated on
 * load.
 */
@NullMarked
package io.github.predictivegateway.forecasting.artifact;

import org.jspecify.annotations.NullMarked;
