package io.github.predictivegateway.app;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The backend of the embedded demo route: a tiny in-process handler the {@code demo}
 * route forwards to, so that the one-command start has an upstream to protect without
 * anything else running. Only in the {@code demo} profile: a gateway started with its own
 * configuration answers nothing on {@value #PATH}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
class DemoBackend {

	static final String PATH = "/demo-backend";

	@Bean
	RouterFunction<ServerResponse> demoBackendRoute() {
		return RouterFunctions.route().route(request -> request.path().equals(PATH), request -> {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("backend", "demo");
			body.put("method", request.method().name());
			body.put("at", Instant.now().toString());
			return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
		}).build();
	}

}
