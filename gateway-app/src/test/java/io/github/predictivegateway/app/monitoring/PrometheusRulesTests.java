package io.github.predictivegateway.app.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import io.github.predictivegateway.alert.AlertRules;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code config/prometheus/predictive-alerts.yml}: valid for
 * {@code promtool check rules}, its unit tests ({@code predictive-alerts.test.yml}) pass
 * under {@code promtool test rules}, and it holds the in-process rules and reads only
 * meters named in {@code PredictiveMetricNames} (ours, and Gateway's route timer).
 * {@code scripts/ensure-promtool.sh} installs promtool first when it is missing (Debian's
 * prometheus package), so these tests never skip.
 */
class PrometheusRulesTests {

	private static final String RULES = "config/prometheus/predictive-alerts.yml";

	private static final String RULE_TESTS = "config/prometheus/predictive-alerts.test.yml";

	@BeforeAll
	static void promtool() throws Exception {
		MonitoringFiles.Result ensured = MonitoringFiles.run(900, "bash", "scripts/ensure-promtool.sh");
		assertThat(ensured.exitCode()).as(ensured.output()).isZero();
	}

	@Test
	void promtoolChecksTheRules() throws Exception {
		MonitoringFiles.Result checked = MonitoringFiles.run(60, "promtool", "check", "rules", RULES);

		assertThat(checked.exitCode()).as(checked.output()).isZero();
		assertThat(checked.output()).contains("SUCCESS: 9 rules found");
	}

	@Test
	void theRulesUnitTestsPass() throws Exception {
		MonitoringFiles.Result tested = MonitoringFiles.run(120, "promtool", "test", "rules", RULE_TESTS);

		assertThat(tested.exitCode()).as(tested.output()).isZero();
		assertThat(tested.output()).contains("SUCCESS");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> rules() {
		Map<String, Object> file = new Yaml().load(MonitoringFiles.read(RULES));
		List<Map<String, Object>> rules = new ArrayList<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
			rules.addAll((List<Map<String, Object>>) group.get("rules"));
		}
		return rules;
	}

	@Test
	void theRulesAreTheInProcessOnes() {
		assertThat(rules()).extracting(rule -> rule.get("alert")).containsExactlyElementsOf(AlertRules.NAMES);
	}

	@Test
	void everyRuleReadsOnlyMetersOfPredictiveMetricNames() {
		for (Map<String, Object> rule : rules()) {
			String expr = (String) rule.get("expr");
			assertThat(MonitoringFiles.metricsIn(expr)).as(rule.get("alert") + ": " + expr)
				.isNotEmpty()
				.allSatisfy(name -> assertThat(MonitoringFiles.meterOf(name)).as(name).isNotNull());
		}
	}

}
