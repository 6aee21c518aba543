/**
 * The sidecar's meters ({@code predictive.sidecar.*}), their names in one class.
 */
@NullMarked
package io.github.predictivegateway.sidecar.metrics;

import org.jspecify.annotations.NullMarked;
