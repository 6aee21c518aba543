/**
 * Auto-configuration of the in-process alerts ({@code predictive.alerts.*}).
 */
@NullMarked
package io.github.predictivegateway.autoconfigure.alert;

import org.jspecify.annotations.NullMarked;
