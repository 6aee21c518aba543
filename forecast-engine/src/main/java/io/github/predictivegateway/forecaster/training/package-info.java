/**
 * Retraining every series with promotion of versions not worse than the live one, sharded
 * by tenant.
 */
@NullMarked
package io.github.predictivegateway.forecaster.training;

import org.jspecify.annotations.NullMarked;
