package io.github.predictivegateway.app;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.preallocation.PreallocationCycle;
import io.github.predictivegateway.time.ManualTimeSource;
import io.github.predictivegateway.time.Steps;
import io.github.predictivegateway.usage.UsageCycle;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium (installed by
 * {@code scripts/ensure-chromium.sh} when missing), after the twelve steps of
 * {@link DashboardTraffic}: the page loads from the management port, fetches the
 * {@code predictive} endpoint and draws tenant {@value DashboardTraffic#TENANT}'s chart;
 * a screenshot is kept in {@code target/dashboard.png}.
 */
@ActiveProfiles("demo")
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.server.port=0", "predictive.gate.enabled=false",
				"predictive.metrics.history=1h" })
@Import(DashboardTraffic.Engine.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class DashboardBrowserTests {

	private static final Path SCREENSHOT = Path.of("target", "dashboard.png").toAbsolutePath();

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@TempDir
	private Path profile;

	private String chromium;

	@BeforeAll
	void chromiumAndTwelveStepsOfTraffic(@Autowired ManualTimeSource time, @Autowired Steps steps,
			@Autowired PreallocationCycle preallocation, @Autowired UsageCycle usage) throws Exception {
		this.chromium = ensureChromium();
		DashboardTraffic.drive(this.port, time, steps, preallocation, usage);
	}

	private static String ensureChromium() throws Exception {
		Path script = Path.of("..", "scripts", "ensure-chromium.sh").toAbsolutePath().normalize();
		Process process = new ProcessBuilder("sh", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("ensure-chromium.sh finished").isTrue();
		assertThat(process.exitValue()).as("ensure-chromium.sh exit status").isZero();
		return out.lines().reduce((first, last) -> last).orElseThrow();
	}

	private String dashboardUrl() {
		return "http://127.0.0.1:" + this.managementPort + "/actuator/predictivedashboard?tenant="
				+ DashboardTraffic.TENANT;
	}

	/**
	 * Runs headless Chromium on the dashboard with extra arguments; returns what it
	 * printed.
	 */
	private String chromium(String... arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of(this.chromium, "--headless", "--no-sandbox", "--disable-gpu",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + this.profile,
				"--virtual-time-budget=5000"));
		command.addAll(List.of(arguments));
		command.add(dashboardUrl());
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
		try (InputStream out = process.getInputStream()) {
			String printed = new String(out.readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
			return printed;
		}
		finally {
			process.destroyForcibly();
		}
	}

	private static int count(String text, String fragment) {
		int count = 0;
		for (int at = text.indexOf(fragment); at >= 0; at = text.indexOf(fragment, at + 1)) {
			count++;
		}
		return count;
	}

	private static String tag(String dom, String id) {
		Matcher matcher = Pattern.compile("<svg[^>]*id=\"" + id + "\"[^>]*>").matcher(dom);
		assertThat(matcher.find()).as("an svg with id " + id).isTrue();
		return matcher.group();
	}

	@Test
	void theDashboardDrawsTheTenantsChartWithEveryClosedStep() throws Exception {
		String dom = chromium("--dump-dom");

		assertThat(dom).contains("data-tenant=\"dash\"");
		assertThat(tag(dom, "chart-requests")).contains("data-points=\"12\"");
		assertThat(count(dom, "class=\"demand-point")).isEqualTo(12);
		assertThat(count(dom, "class=\"demand-point burst\"")).isEqualTo(4);
		assertThat(dom).containsPattern("<polygon class=\"band\"[^>]*data-points=\"12\"");
		assertThat(dom).containsPattern("<polyline class=\"granted\" data-points=\"12\"");
		assertThat(count(dom, "class=\"throttle\"")).isEqualTo(3);
		assertThat(dom).contains("<option value=\"dash\">dash</option>");
	}

	@Test
	void aScreenshotOfTheDashboardIsKept() throws Exception {
		Files.deleteIfExists(SCREENSHOT);

		chromium("--screenshot=" + SCREENSHOT, "--window-size=1280,900", "--hide-scrollbars");

		assertThat(SCREENSHOT).exists();
		byte[] png = Files.readAllBytes(SCREENSHOT);
		assertThat(png).startsWith(0x89, 'P', 'N', 'G');
		// a blank 1280 x 900 page compresses to a few kilobytes; drawn charts and text
		// take far more
		assertThat(png.length).isGreaterThan(30_000);
	}

}
