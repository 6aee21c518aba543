/**
 * Benchmarks (JMH) of one admission decision, the queue and snapshot application, and the
 * command-line entry point of bench.jar. Not shipped.
 */
@NullMarked
package io.github.predictivegateway.bench;

import org.jspecify.annotations.NullMarked;
