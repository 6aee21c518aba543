/**
 * What is limited and by how much: resource types and their capacity, plans, per-tenant
 * limits, the cost of a request. Plain Java, no Spring.
 */
@NullMarked
package io.github.predictivegateway.plan;

import org.jspecify.annotations.NullMarked;
