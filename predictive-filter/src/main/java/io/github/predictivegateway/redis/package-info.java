/**
 * Distributed mode: the standard buckets, reservation ledger and leases, capacity gates
 * and usage stream in Redis, behind the same interfaces as the local ones, with the
 * circuit breaker that guards every call. Plain Java (Lettuce, Bucket4j, Resilience4j),
 * no Spring.
 */
@NullMarked
package io.github.predictivegateway.redis;

import org.jspecify.annotations.NullMarked;
