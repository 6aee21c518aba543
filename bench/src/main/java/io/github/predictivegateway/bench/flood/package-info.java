/**
 * The tenant-flood memory measurement of bench.jar. Not shipped.
 */
@NullMarked
package io.github.predictivegateway.bench.flood;

import org.jspecify.annotations.NullMarked;
