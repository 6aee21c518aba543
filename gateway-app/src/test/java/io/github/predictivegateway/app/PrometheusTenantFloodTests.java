package io.github.predictivegateway.app;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import io.github.predictivegateway.admission.Decision;
import io.github.predictivegateway.metrics.TenantTags;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code tenant} tag is bounded where it matters, in what Prometheus scrapes: 10,000
 * distinct tenant ids sent through the running gateway's demo route add no
 * {@code predictive_} series to {@code /actuator/prometheus} on the management port, and
 * no tenant id appears there except the two listed in {@code predictive.metrics.tenants}.
 * The capacity is raised so that the gate never makes requests wait: the flood takes
 * seconds, not minutes.
 */
@ActiveProfiles("demo")
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.server.port=0",
				"predictive.embedded.data-dir=${java.io.tmpdir}/predictive-test-${random.uuid}",
				"predictive.capacity.requests=1000000", "predictive.metrics.tenants=acme,globex" })
class PrometheusTenantFloodTests {

	private static final int FLOOD = 10_000;

	private static final String FLOOD_PREFIX = "flood-";

	/** Meters a closing step registers per tenant tag value and resource type. */
	private static final int STEP_METERS = 4;

	private static final Pattern TENANT_LABEL = Pattern.compile("tenant=\"([^\"]*)\"");

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Test
	void tenThousandTenantIdsAddNoSeriesAndOnlyListedTenantsAppear() {
		ConnectionProvider connections = ConnectionProvider.builder("flood").maxConnections(32).build();
		WebClient gateway = WebClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections)))
			.build();
		try {
			send(gateway, List.of("acme", "globex", "warm-up"), 15);
			List<String> before = predictiveSeries(scrape());

			long start = System.nanoTime();
			List<String> floodIds = Flux.range(0, FLOOD).map(i -> FLOOD_PREFIX + i).collectList().block();
			long answered = send(gateway, floodIds, 1);
			long floodMs = (System.nanoTime() - start) / 1_000_000;
			String scrape = scrape();
			List<String> after = predictiveSeries(scrape);

			Set<String> tenantTags = new TreeSet<>();
			Matcher labels = TENANT_LABEL.matcher(scrape);
			while (labels.find()) {
				tenantTags.add(labels.group(1));
			}
			long decisionSeries = after.stream().filter(line -> line.startsWith("predictive_decisions_total{")).count();
			System.out.printf(
					"flood: %d tenant ids answered in %d ms; predictive_ series before %d, after %d "
							+ "(predictive_decisions_total: %d); tenant tag values: %s%n",
					answered, floodMs, before.size(), after.size(), decisionSeries, tenantTags);

			assertThat(answered).isEqualTo(FLOOD);
			// one resource type x every decision class x (2 listed tenants + other),
			// registered at start-up
			assertThat(decisionSeries).isEqualTo(1 * Decision.values().length * (2 + 1));
			// a step that closes between the two scrapes registers its pre-allocation
			// meters (granted, used, lent,
			// wasted) for each tenant tag value: acme, globex and other at most; nothing
			// else may be added
			Set<String> added = new TreeSet<>(seriesNames(after));
			added.removeAll(seriesNames(before));
			assertThat(added).allMatch(series -> series.startsWith("predictive_preallocation_"))
				.hasSizeLessThanOrEqualTo(STEP_METERS * (2 + 1));
			assertThat(tenantTags).containsExactlyInAnyOrder("acme", "globex", TenantTags.OTHER);
			assertThat(scrape).doesNotContain(FLOOD_PREFIX).doesNotContain("warm-up");
			assertThat(decisions(scrape, TenantTags.OTHER)).isGreaterThanOrEqualTo(FLOOD + 15);
		}
		finally {
			connections.dispose();
		}
	}

	/**
	 * Sends {@code each} requests per tenant, 32 at a time; the number answered. What is
	 * checked is which series exist, not how fast: the bound only stops a hung run
	 * (10,000 requests took over 60 s on a 2-core host at load 24).
	 */
	private static long send(WebClient gateway, List<String> tenants, int each) {
		return Flux.fromIterable(tenants)
			.flatMap(tenant -> Flux.range(0, each)
				.concatMap(i -> gateway.get()
					.uri("/demo/" + i)
					.header("X-Tenant-Id", tenant)
					.exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))), 32)
			.count()
			.block(Duration.ofMinutes(5));
	}

	private String scrape() {
		return WebClient.create("http://127.0.0.1:" + this.managementPort)
			.get()
			.uri("/actuator/prometheus")
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(10));
	}

	/**
	 * The sample lines of every predictive meter (one per series, or per statistic of a
	 * timer's series).
	 */
	private static List<String> predictiveSeries(String scrape) {
		return scrape.lines().filter(line -> line.startsWith("predictive_")).toList();
	}

	/** The series of sample lines: each line without its value. */
	private static List<String> seriesNames(List<String> samples) {
		return samples.stream().map(line -> line.substring(0, line.lastIndexOf(' '))).toList();
	}

	/** Sum of predictive_decisions_total over the series of one tenant tag value. */
	private static double decisions(String scrape, String tenant) {
		return scrape.lines()
			.filter(line -> line.startsWith("predictive_decisions_total{")
					&& line.contains("tenant=\"" + tenant + "\""))
			.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

}
