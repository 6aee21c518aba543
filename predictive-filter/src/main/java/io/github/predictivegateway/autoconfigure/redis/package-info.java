/**
 * Auto-configuration of distributed mode, {@code predictive.store=redis} ({@code
 * predictive.redis.*}).
 */
@NullMarked
package io.github.predictivegateway.autoconfigure.redis;

import org.jspecify.annotations.NullMarked;
