/**
 * The tenant stage of admission: pre-allocation first, then the standard bucket, then
 * throttle; {@link io.github.predictivegateway.admission.AdmissionEngineBuilder}
 * assembles it with the pre-allocation cycle. Plain Java, no Spring.
 */
@NullMarked
package io.github.predictivegateway.admission;

import org.jspecify.annotations.NullMarked;
