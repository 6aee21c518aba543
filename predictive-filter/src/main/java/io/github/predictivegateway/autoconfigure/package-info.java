/**
 * Spring Boot auto-configuration of the engine ({@code predictive.*}, {@code
 * predictive.gate.*}, {@code predictive.queue.*}, {@code predictive.metrics.*}):
 * properties validated by the engine's own types, and the beans of local mode, each
 * replaceable.
 */
@NullMarked
package io.github.predictivegateway.autoconfigure;

import org.jspecify.annotations.NullMarked;
