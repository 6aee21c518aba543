package io.github.predictivegateway.app.edge;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.app.edge.DeployManifests.Container;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifests in {@code config/deploy/} run the cluster-correct topology
 * ({@link DeploymentTopology}), and each breach of it, made to today's manifests one at a
 * time, is caught; so are the manifests shipped before (kept in
 * {@code src/test/resources/deploy-before/}).
 */
class DeploymentTopologyTests {

	@Test
	void theShippedManifestsHoldTheTopology() throws Exception {
		assertThat(DeploymentTopology.violations(DeployManifests.documents())).isEmpty();
	}

	@Test
	void thePreviousManifestsBreakItWhereTheyReallyDid() throws Exception {
		Path before = Path.of(getClass().getResource("/deploy-before").toURI());
		assertThat(DeploymentTopology.violations(DeployManifests.documents(before))).containsExactly(
				"gateway Deployment predictive-gateway runs 2 replicas in local mode: each enforces the full plan"
						+ " (set predictive.store=redis)",
				"gateway Deployment predictive-gateway sets no predictive.forecast.sidecar-url: each pod forecasts"
						+ " alone in its embedded forecaster, on its own share of the usage",
				"sidecar Deployment predictive-gateway keeps its sidecar.data-dir on volume forecast-data, which dies"
						+ " with the pod: use a persistent volume claim",
				"sidecar Deployment predictive-gateway keeps its sidecar.model-dir on volume models, which dies with"
						+ " the pod: use a persistent volume claim",
				"sidecar Deployment predictive-gateway does not read the Redis usage stream (sidecar.usage.source)",
				"sidecar Deployment predictive-gateway runs 2 replicas but sidecar.shard.count is null: tenants would"
						+ " be trained twice or never",
				"sidecar Deployment predictive-gateway does not take sidecar.shard.index from its pod index",
				"sidecar Deployment predictive-gateway's models are not on one ReadWriteMany claim shared by every"
						+ " replica: each would serve only its own shard");
	}

	@Test
	void aReplicatedGatewayInLocalModeIsRefused() throws Exception {
		assertThat(violationsAfter(gateway(), args -> args.remove("--predictive.store=redis"))).containsExactly(
				"gateway Deployment predictive-gateway runs 2 replicas in local mode: each enforces the full plan"
						+ " (set predictive.store=redis)");
	}

	@Test
	void aGatewayWithoutASidecarUrlIsRefused() throws Exception {
		assertThat(violationsAfter(gateway(), args -> args.removeIf(a -> a.startsWith("--predictive.forecast."))))
			.containsExactly("gateway Deployment predictive-gateway sets no predictive.forecast.sidecar-url: each pod"
					+ " forecasts alone in its embedded forecaster, on its own share of the usage");
	}

	@Test
	void aSidecarUrlNamingNoSidecarServiceIsRefused() throws Exception {
		assertThat(violationsAfter(gateway(),
				args -> args.replaceAll(a -> a.startsWith("--predictive.forecast.")
						? "--predictive.forecast.sidecar-url=http://forecasts:8090" : a)))
			.containsExactly("gateway Deployment predictive-gateway's sidecar URL http://forecasts:8090 names no"
					+ " Service in front of a forecast-sidecar");
	}

	@Test
	void usageSentToOneSidecarByHttpIsRefused() throws Exception {
		assertThat(violationsAfter(gateway(),
				args -> args
					.replaceAll(a -> a.startsWith("--predictive.usage.sink") ? "--predictive.usage.sink=sidecar" : a)))
			.containsExactly("gateway Deployment predictive-gateway does not publish usage to the Redis stream"
					+ " (predictive.usage.sink): no sidecar sees every replica's usage");
	}

	@Test
	void aSidecarHistoryOnAnEmptyDirIsRefused() throws Exception {
		List<Map<String, Object>> documents = DeployManifests.documents();
		Container sidecar = DeployManifests.container(documents, "forecast-sidecar");
		((Map<?, ?>) sidecar.deployment().get("spec")).remove("volumeClaimTemplates");
		Map<String, Object> emptyDir = new LinkedHashMap<>();
		emptyDir.put("name", "forecast-data");
		emptyDir.put("emptyDir", Map.of());
		sidecar.volumes().add(emptyDir);
		assertThat(DeploymentTopology.violations(documents)).containsExactly(
				"sidecar StatefulSet predictive-forecast-sidecar keeps its sidecar.data-dir on volume forecast-data,"
						+ " which dies with the pod: use a persistent volume claim");
	}

	@Test
	void aShardCountOtherThanTheReplicasIsRefused() throws Exception {
		assertThat(violationsAfter(sidecar(),
				args -> args.replaceAll(a -> a.startsWith("--sidecar.shard.count") ? "--sidecar.shard.count=3" : a)))
			.containsExactly("sidecar StatefulSet predictive-forecast-sidecar runs 2 replicas but sidecar.shard.count"
					+ " is 3: tenants would be trained twice or never");
	}

	private static String gateway() {
		return "predictive-gateway";
	}

	private static String sidecar() {
		return "forecast-sidecar";
	}

	/**
	 * The violations of today's manifests after one change to the arguments of the
	 * container running {@code image}.
	 */
	@SuppressWarnings("unchecked")
	private static List<String> violationsAfter(String image, Consumer<List<String>> change) throws Exception {
		List<Map<String, Object>> documents = DeployManifests.documents();
		Map<String, Object> container = DeployManifests.container(documents, image).spec();
		List<String> args = new ArrayList<>((List<String>) container.get("args"));
		change.accept(args);
		container.put("args", args);
		return DeploymentTopology.violations(documents);
	}

}
