/**
 * Usage intake from the gateways' Redis usage stream, and the position read so far.
 */
@NullMarked
package io.github.predictivegateway.forecaster.usage;

import org.jspecify.annotations.NullMarked;
