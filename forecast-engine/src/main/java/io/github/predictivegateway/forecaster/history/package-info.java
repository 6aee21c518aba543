/**
 * The durable usage history: usage summed over gateway instances per series and step,
 * deduplicated, behind a write-ahead journal.
 */
@NullMarked
package io.github.predictivegateway.forecaster.history;

import org.jspecify.annotations.NullMarked;
