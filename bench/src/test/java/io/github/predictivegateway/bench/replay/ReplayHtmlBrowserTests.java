package io.github.predictivegateway.bench.replay;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.github.predictivegateway.bench.replay.ReplayCommand.ReplayResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTML report of a walk-forward replay of three tenants, opened in headless Chromium
 * (installed by {@code scripts/ensure-chromium.sh} when missing; the test fails if it
 * cannot be): the script draws every chart, and a screenshot is kept in
 * {@code target/replay-report.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class ReplayHtmlBrowserTests {

	private static final Path PAGE = Path.of("target", "replay-report.html").toAbsolutePath();

	private static final Path SCREENSHOT = Path.of("target", "replay-report.png").toAbsolutePath();

	/** Four token buckets, the reactive limiter and the predictive strategy. */
	private static final int STRATEGIES = 6;

	@TempDir
	private Path profile;

	private String chromium;

	private ReplayResult result;

	@BeforeAll
	void chromiumAndAReport() throws Exception {
		this.chromium = ensureChromium();
		this.result = ReplayCommand.simulate(SyntheticTraces.options("--warmup-days", "2", "--seed", "3",
				"--capacity-share", "100", "--threads", "1"), SyntheticTraces.threeTenants(3),
				SyntheticTraces.silent());
		Files.createDirectories(PAGE.getParent());
		Files.writeString(PAGE, ReplayHtml.page(this.result), StandardCharsets.UTF_8);
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

	private String chromium(String... arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of(this.chromium, "--headless", "--no-sandbox", "--disable-gpu",
				"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--user-data-dir=" + this.profile, "--virtual-time-budget=5000"));
		command.addAll(List.of(arguments));
		command.add(PAGE.toUri().toString());
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
		try (InputStream out = process.getInputStream()) {
			String printed = new String(out.readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
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
		int at = dom.indexOf("id=\"" + id + "\"");
		assertThat(at).as("element %s in the DOM", id).isNotNegative();
		return dom.substring(dom.lastIndexOf('<', at), dom.indexOf('>', at) + 1);
	}

	@Test
	void chromiumDrawsTheDemandTheBandAndEveryStrategyForEveryTenant() throws Exception {
		String dom = chromium("--dump-dom");

		assertThat(dom).contains("data-charts=\"6\"");
		for (int t = 0; t < 3; t++) {
			// one scored day of 5-minute steps
			assertThat(tag(dom, "admitted-" + t)).contains("data-drawn=\"" + (2 + STRATEGIES) + "\"")
				.contains("data-points=\"288\"");
			assertThat(tag(dom, "throttled-" + t)).contains("data-drawn=\"" + STRATEGIES + "\"")
				.contains("data-points=\"288\"");
		}
		assertThat(count(dom, "<polygon")).isEqualTo(3);
		assertThat(count(dom, "<polyline")).isEqualTo(3 * (1 + 2 * STRATEGIES));
		assertThat(count(dom, "<svg")).isEqualTo(6);
	}

	@Test
	void theScreenshotShowsColouredCharts() throws Exception {
		Files.deleteIfExists(SCREENSHOT);

		chromium("--screenshot=" + SCREENSHOT, "--window-size=1000,1400", "--hide-scrollbars");

		BufferedImage image = ImageIO.read(SCREENSHOT.toFile());
		assertThat(image.getWidth()).isEqualTo(1000);
		Set<Integer> colours = new HashSet<>();
		for (int y = 0; y < image.getHeight(); y += 2) {
			for (int x = 0; x < image.getWidth(); x += 2) {
				colours.add(image.getRGB(x, y) & 0xffffff);
			}
		}
		// text alone is greys; the band and the strategies' lines add many hues
		assertThat(colours).hasSizeGreaterThan(50);
		assertThat(colours).anyMatch(rgb -> isBlueish(rgb));
	}

	private static boolean isBlueish(int rgb) {
		int r = (rgb >> 16) & 0xff;
		int g = (rgb >> 8) & 0xff;
		int b = rgb & 0xff;
		return b > r + 40 && b > g + 20;
	}

	@Test
	void thePageFetchesNothing() {
		String page = ReplayHtml.page(this.result);

		assertThat(page).doesNotContain("<link")
			.doesNotContain(" src=")
			.doesNotContain("href=")
			.doesNotContain("https:");
		assertThat(page.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http:");
	}

}
