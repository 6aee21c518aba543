/**
 * The sidecar's configuration ({@code sidecar.*}), the engine it opens, its schedules and
 * its usage intake from Redis.
 */
@NullMarked
package io.github.predictivegateway.sidecar.config;

import org.jspecify.annotations.NullMarked;
