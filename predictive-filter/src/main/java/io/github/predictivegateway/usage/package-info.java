/**
 * Usage feedback: per step, tenant and resource type, what was offered, admitted and
 * throttled; aggregated on the request path, closed and published off it. Plain Java, no
 * Spring.
 */
@NullMarked
package io.github.predictivegateway.usage;

import org.jspecify.annotations.NullMarked;
