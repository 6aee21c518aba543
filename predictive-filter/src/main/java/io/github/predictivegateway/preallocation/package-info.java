/**
 * Stage 1a, pre-allocation: forecasts turned into reservations once per step (the cycle,
 * the max-min fair ledger, the adjustment multipliers) and the shadow buckets the request
 * path spends them from. Plain Java, no Spring.
 */
@NullMarked
package io.github.predictivegateway.preallocation;

import org.jspecify.annotations.NullMarked;
