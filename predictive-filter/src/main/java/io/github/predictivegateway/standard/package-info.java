/**
 * Stage 1b, the standard buckets: one Bucket4j token bucket per tenant and resource type,
 * in memory or (in {@code redis}) shared. Plain Java, no Spring.
 */
@NullMarked
package io.github.predictivegateway.standard;

import org.jspecify.annotations.NullMarked;
