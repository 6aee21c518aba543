/**
 * Auto-configuration of tenants from a JWT claim, {@code predictive.tenant-source=jwt}
 * ({@code predictive.tenant-jwt.*}).
 */
@NullMarked
package io.github.predictivegateway.autoconfigure.jwt;

import org.jspecify.annotations.NullMarked;
