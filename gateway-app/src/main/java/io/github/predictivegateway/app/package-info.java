/**
 * The assembled edge gateway: a Spring Cloud Gateway application with the predictive
 * filter, its embedded default configuration and edge security.
 */
@NullMarked
package io.github.predictivegateway.app;

import org.jspecify.annotations.NullMarked;
