/**
 * Versioned model artifacts in a (possibly shared) directory and the loader that keeps
 * the newest valid version of each series live.
 */
@NullMarked
package io.github.predictivegateway.forecaster.model;

import org.jspecify.annotations.NullMarked;
