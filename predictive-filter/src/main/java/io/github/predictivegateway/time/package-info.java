/**
 * The engine's clock: real, compressed or manual time, and the step grid aligned to the
 * epoch. Plain Java, no Spring.
 */
@NullMarked
package io.github.predictivegateway.time;

import org.jspecify.annotations.NullMarked;
