package io.github.predictivegateway.app.monitoring;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code config/grafana/predictive-dashboard.json}: an importable dashboard (title, uid,
 * panels, a Prometheus datasource variable) with a {@code tenant} variable, whose panels
 * query only meters of PredictiveMetricNames.
 */
class GrafanaDashboardTests {

	private static final JsonNode DASHBOARD = JsonMapper.builder()
		.build()
		.readTree(MonitoringFiles.read("config/grafana/predictive-dashboard.json"));

	private static List<JsonNode> panels() {
		List<JsonNode> panels = new ArrayList<>();
		DASHBOARD.get("panels").forEach(panel -> {
			if (!panel.get("type").asString().equals("row")) {
				panels.add(panel);
			}
		});
		return panels;
	}

	private static JsonNode variable(String name) {
		for (JsonNode variable : DASHBOARD.get("templating").get("list")) {
			if (variable.get("name").asString().equals(name)) {
				return variable;
			}
		}
		return null;
	}

	@Test
	void itIsADashboardGrafanaCanImport() {
		assertThat(DASHBOARD.get("title").asString()).isEqualTo("Predictive admission");
		assertThat(DASHBOARD.get("uid").asString()).isEqualTo("predictive-admission");
		assertThat(DASHBOARD.get("schemaVersion").asInt()).isPositive();
		assertThat(variable("datasource").get("type").asString()).isEqualTo("datasource");
		assertThat(variable("datasource").get("query").asString()).isEqualTo("prometheus");
	}

	@Test
	void aTenantVariableSelectsTheTenantTag() {
		JsonNode tenant = variable("tenant");

		assertThat(tenant.get("definition").asString()).isEqualTo("label_values(predictive_decisions_total, tenant)");
		assertThat(tenant.get("includeAll").asBoolean()).isTrue();
		assertThat(panels()).filteredOn(panel -> panel.toString().contains("tenant=~\\\"$tenant\\\""))
			.extracting(panel -> panel.get("title").asString())
			.contains("Decisions by class", "Throttling rate", "Forecast MASE", "Forecast interval coverage");
	}

	@Test
	void itShowsWhatTheDesignAsksFor() {
		assertThat(panels()).extracting(panel -> panel.get("title").asString())
			.contains("Decisions by class", "Throttling rate", "Queue length", "Queue wait",
					"Pre-allocation granted, used, wasted, lent", "Adjustment multipliers", "Forecast MASE",
					"Forecast interval coverage", "Forecast staleness", "Sidecar and Redis health");
	}

	@Test
	void everyPanelQueriesOnlyMetersOfPredictiveMetricNamesFromTheChosenDatasource() {
		for (JsonNode panel : panels()) {
			String title = panel.get("title").asString();
			assertThat(panel.get("datasource").get("uid").asString()).as(title).isEqualTo("${datasource}");
			assertThat(panel.get("targets")).as(title).isNotEmpty();
			for (JsonNode target : panel.get("targets")) {
				String expr = target.get("expr").asString();
				assertThat(MonitoringFiles.metricsIn(expr)).as(title + ": " + expr)
					.isNotEmpty()
					.allSatisfy(name -> assertThat(MonitoringFiles.meterOf(name)).as(name).isNotNull());
			}
		}
	}

	@Test
	void panelsDoNotOverlap() {
		List<int[]> boxes = new ArrayList<>();
		DASHBOARD.get("panels").forEach(panel -> {
			JsonNode grid = panel.get("gridPos");
			boxes.add(new int[] { grid.get("x").asInt(), grid.get("y").asInt(), grid.get("w").asInt(),
					grid.get("h").asInt() });
		});
		for (int i = 0; i < boxes.size(); i++) {
			for (int j = i + 1; j < boxes.size(); j++) {
				int[] a = boxes.get(i);
				int[] b = boxes.get(j);
				boolean overlap = a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
				assertThat(overlap).as("panels " + i + " and " + j).isFalse();
			}
		}
	}

}
