/**
 * Stage 2, the capacity gate of each resource type and the priority admission queue in
 * front of it. Plain Java and Reactor, no Spring.
 */
@NullMarked
package io.github.predictivegateway.gate;

import org.jspecify.annotations.NullMarked;
