package io.github.predictivegateway.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The assembled edge gateway: Spring Cloud Gateway with the {@code PredictiveRateLimiter}
 * filter. Its embedded default ({@code application.yml}) runs with nothing else to start;
 * routes, plans and tenants of your own come from
 * {@code --spring.config.additional-location=FILE}.
 */
@SpringBootApplication
public class GatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(GatewayApplication.class, args);
	}

}
