/**
 * What happened in each closed step, per series: demand against forecast, grants used,
 * lending; the rolling forecast accuracy and the per-tenant report. Plain Java, no
 * Spring.
 */
@NullMarked
package io.github.predictivegateway.observe;

import org.jspecify.annotations.NullMarked;
