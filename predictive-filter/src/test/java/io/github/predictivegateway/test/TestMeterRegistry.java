package io.github.predictivegateway.test;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A {@link SimpleMeterRegistry} for gateway tests, with every {@link MeterBinder} of the
 * context bound to it once the beans exist: what Boot's metrics auto-configuration does
 * in an application with Actuator, which this module does not depend on.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestMeterRegistry {

	@Bean
	SimpleMeterRegistry testMeterRegistry() {
		return new SimpleMeterRegistry();
	}

	@Bean
	SmartInitializingSingleton testMeterBinders(SimpleMeterRegistry registry, ObjectProvider<MeterBinder> binders) {
		return () -> binders.orderedStream().forEach(binder -> binder.bindTo(registry));
	}

}
