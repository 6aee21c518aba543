/**
 * Meter names (one class) and the meters of decisions and adjustment, with the bounded
 * tenant tag. Plain Java and Micrometer, no Spring.
 */
@NullMarked
package io.github.predictivegateway.metrics;

import org.jspecify.annotations.NullMarked;
