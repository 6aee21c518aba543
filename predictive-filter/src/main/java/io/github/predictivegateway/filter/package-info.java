/**
 * The Spring Cloud Gateway edge: the {@code PredictiveRateLimiter} filter factory and
 * filter, tenant resolvers, request cost, response headers and problem bodies.
 */
@NullMarked
package io.github.predictivegateway.filter;

import org.jspecify.annotations.NullMarked;
