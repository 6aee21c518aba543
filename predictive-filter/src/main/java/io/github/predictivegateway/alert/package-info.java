/**
 * In-process alert rules over the meters (throttling, forecast accuracy and staleness,
 * Redis and sidecar health), evaluated on a schedule and sent to an Alertmanager-
 * compatible webhook. Plain Java, no Spring.
 */
@NullMarked
package io.github.predictivegateway.alert;

import org.jspecify.annotations.NullMarked;
