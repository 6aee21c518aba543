/**
 * The shared token that the sidecar's write endpoints require.
 */
@NullMarked
package io.github.predictivegateway.sidecar.security;

import org.jspecify.annotations.NullMarked;
