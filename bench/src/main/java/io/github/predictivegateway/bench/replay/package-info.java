/**
 * The trace replay simulator: the real admission engine on a multi-tenant trace in
 * virtual time, against token-bucket and reactive strategies. Not shipped.
 */
@NullMarked
package io.github.predictivegateway.bench.replay;

import org.jspecify.annotations.NullMarked;
