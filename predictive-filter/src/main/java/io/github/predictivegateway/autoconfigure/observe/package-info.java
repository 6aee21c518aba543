/**
 * Auto-configuration of step observations, the {@code predictive} actuator endpoint and
 * the dashboard page.
 */
@NullMarked
package io.github.predictivegateway.autoconfigure.observe;

import org.jspecify.annotations.NullMarked;
