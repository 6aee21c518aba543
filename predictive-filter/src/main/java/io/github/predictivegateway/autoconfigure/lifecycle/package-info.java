/**
 * Lifecycle steps of the application context: periodic tasks off the request path, and
 * what runs on shutdown (draining the admission queues, publishing the last usage).
 */
@NullMarked
package io.github.predictivegateway.autoconfigure.lifecycle;

import org.jspecify.annotations.NullMarked;
