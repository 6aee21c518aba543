package io.github.predictivegateway.test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** The smallest gateway application on the real clock (for tests that measure real rates across instances). */
@SpringBootConfiguration
@EnableAutoConfiguration
public class RealTimeGatewayApplication {

}
