package io.github.predictivegateway.autoconfigure.observe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;

/**
 * Actuator endpoint {@code predictivedashboard}: one self-contained HTML page ({@code GET
 * /actuator/predictivedashboard}, no external script or style) that draws, per resource
 * type of a chosen tenant, demand against the forecast band, the reservation and the
 * throttles of the closed steps, from the {@code predictive} endpoint next to it,
 * refreshed every few seconds. {@code ?tenant=} picks the tenant to open.
 */
@WebEndpoint(id = "predictivedashboard")
public class PredictiveDashboardEndpoint {

	static final String PAGE = "dashboard.html";

	private final String html;

	public PredictiveDashboardEndpoint() {
		try (InputStream in = PredictiveDashboardEndpoint.class.getResourceAsStream(PAGE)) {
			if (in == null) {
				throw new IllegalStateException("dashboard page " + PAGE + " missing from the class path");
			}
			this.html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@ReadOperation(produces = "text/html;charset=UTF-8")
	public String page() {
		return this.html;
	}

}
