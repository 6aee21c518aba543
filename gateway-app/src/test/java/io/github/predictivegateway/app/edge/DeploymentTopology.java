package io.github.predictivegateway.app.edge;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.github.predictivegateway.app.edge.DeployManifests.Container;

import static io.github.predictivegateway.app.edge.DeployManifests.at;
import static io.github.predictivegateway.app.edge.DeployManifests.list;
import static io.github.predictivegateway.app.edge.DeployManifests.ofKind;

/**
 * What a set of Kubernetes manifests must hold for the loop to learn from the whole
 * cluster: a replicated gateway shares its state in Redis, every gateway reaches a
 * sidecar, usage reaches every sidecar through the Redis stream, the sidecars' history
 * and models live on persistent volumes, and replicated sidecars each train their own
 * shard. {@link #violations} names each breach in a sentence; none means the topology
 * holds.
 */
final class DeploymentTopology {

	private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

	private static final String POD_INDEX = "metadata.labels['apps.kubernetes.io/pod-index']";

	private final List<Map<String, Object>> documents;

	private final List<String> violations = new ArrayList<>();

	private DeploymentTopology(List<Map<String, Object>> documents) {
		this.documents = documents;
	}

	static List<String> violations(List<Map<String, Object>> documents) {
		DeploymentTopology topology = new DeploymentTopology(documents);
		List<Container> sidecars = DeployManifests.containers(documents, "forecast-sidecar");
		for (Container gateway : DeployManifests.containers(documents, "predictive-gateway")) {
			topology.checkGateway(gateway, sidecars);
		}
		for (Container sidecar : sidecars) {
			topology.checkSidecar(sidecar);
		}
		return List.copyOf(topology.violations);
	}

	private void checkGateway(Container gateway, List<Container> sidecars) {
		String name = workloadName(gateway);
		int replicas = replicas(gateway);
		boolean redis = "redis".equals(property(gateway, "predictive.store"));
		if (replicas > 1 && !redis) {
			this.violations.add("gateway " + name + " runs " + replicas
					+ " replicas in local mode: each enforces the full plan (set predictive.store=redis)");
		}
		String url = property(gateway, "predictive.forecast.sidecar-url");
		if (url == null) {
			this.violations.add("gateway " + name + " sets no predictive.forecast.sidecar-url: each pod forecasts"
					+ " alone in its embedded forecaster, on its own share of the usage");
			return;
		}
		String host = URI.create(url).getHost();
		if (host != null && LOOPBACK.contains(host)) {
			if (sidecars.stream().noneMatch(sidecar -> sidecar.deployment() == gateway.deployment())) {
				this.violations.add("gateway " + name + " asks a sidecar on loopback (" + url
						+ ") but its pod runs no forecast-sidecar container");
			}
		}
		else if (sidecars.stream().noneMatch(sidecar -> serves(host, sidecar))) {
			this.violations
				.add("gateway " + name + "'s sidecar URL " + url + " names no Service in front of a forecast-sidecar");
		}
		boolean severalSidecars = sidecars.size() > 1 || sidecars.stream().anyMatch(s -> replicas(s) > 1);
		if ((replicas > 1 || severalSidecars) && !usageThroughRedis(gateway, redis)) {
			this.violations.add("gateway " + name + " does not publish usage to the Redis stream"
					+ " (predictive.usage.sink): no sidecar sees every replica's usage");
		}
	}

	private void checkSidecar(Container sidecar) {
		String name = workloadName(sidecar);
		for (String directory : List.of("sidecar.data-dir", "sidecar.model-dir")) {
			String path = property(sidecar, directory);
			String volume = (path != null) ? mountedVolume(sidecar, path) : null;
			if (volume == null) {
				this.violations.add("sidecar " + name + " mounts no volume at its " + directory + " (" + path + ")");
			}
			else if (!persistent(sidecar, volume)) {
				this.violations.add("sidecar " + name + " keeps its " + directory + " on volume " + volume
						+ ", which dies with the pod: use a persistent volume claim");
			}
		}
		if (!"redis".equals(property(sidecar, "sidecar.usage.source"))) {
			this.violations.add("sidecar " + name + " does not read the Redis usage stream (sidecar.usage.source)");
		}
		int replicas = replicas(sidecar);
		if (replicas > 1) {
			String count = property(sidecar, "sidecar.shard.count");
			if (!String.valueOf(replicas).equals(count)) {
				this.violations.add("sidecar " + name + " runs " + replicas + " replicas but sidecar.shard.count is "
						+ count + ": tenants would be trained twice or never");
			}
			if (!POD_INDEX.equals(fieldRef(sidecar, "SIDECAR_SHARD_INDEX"))) {
				this.violations.add("sidecar " + name + " does not take sidecar.shard.index from its pod index");
			}
			String models = mountedVolume(sidecar,
					Objects.requireNonNullElse(property(sidecar, "sidecar.model-dir"), ""));
			if (models != null && !sharedClaim(sidecar, models)) {
				this.violations.add("sidecar " + name + "'s models are not on one ReadWriteMany claim shared by"
						+ " every replica: each would serve only its own shard");
			}
		}
	}

	private static boolean usageThroughRedis(Container gateway, boolean redisStore) {
		String sink = Objects.requireNonNullElse(property(gateway, "predictive.usage.sink"), "auto");
		return sink.equals("redis") || (sink.equals("auto") && redisStore);
	}

	/**
	 * Whether a Service named {@code host} (its first DNS label) selects the sidecar's
	 * pods.
	 */
	private boolean serves(String host, Container sidecar) {
		String serviceName = host.split("\\.")[0];
		return ofKind(this.documents, "Service").stream()
			.filter(service -> serviceName.equals(at(service, "metadata", "name")))
			.map(service -> (Map<?, ?>) at(service, "spec", "selector"))
			.anyMatch(selector -> selector != null && sidecar.podLabels().entrySet().containsAll(selector.entrySet()));
	}

	private boolean persistent(Container container, String volume) {
		if (claimTemplates(container).contains(volume)) {
			return true;
		}
		return container.volumes()
			.stream()
			.anyMatch(v -> volume.equals(v.get("name")) && v.get("persistentVolumeClaim") != null);
	}

	private boolean sharedClaim(Container container, String volume) {
		String claim = container.volumes()
			.stream()
			.filter(v -> volume.equals(v.get("name")))
			.map(v -> (String) at(v, "persistentVolumeClaim", "claimName"))
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(null);
		return claim != null && ofKind(this.documents, "PersistentVolumeClaim").stream()
			.filter(pvc -> claim.equals(at(pvc, "metadata", "name")))
			.anyMatch(pvc -> String.valueOf(at(pvc, "spec", "accessModes")).contains("ReadWriteMany"));
	}

	private static List<String> claimTemplates(Container container) {
		return list(container.deployment(), "spec", "volumeClaimTemplates").stream()
			.map(template -> (String) at(template, "metadata", "name"))
			.toList();
	}

	private static String mountedVolume(Container container, String path) {
		return container.volumeMounts()
			.stream()
			.filter(mount -> path.equals(mount.get("mountPath")))
			.map(mount -> (String) mount.get("name"))
			.findFirst()
			.orElse(null);
	}

	/**
	 * A property as the container gives it: a {@code --name=value} argument, else an
	 * environment variable in Boot's relaxed form, else unset (the default).
	 */
	private static String property(Container container, String name) {
		String fromArgs = container.argProperties().get(name);
		if (fromArgs != null) {
			return fromArgs;
		}
		String variable = DeployManifests.KnownProperties.environmentName(name);
		return container.env()
			.stream()
			.filter(env -> variable.equals(env.get("name")) && env.get("value") != null)
			.map(env -> String.valueOf(env.get("value")))
			.findFirst()
			.orElse(null);
	}

	private static String fieldRef(Container container, String variable) {
		return container.env()
			.stream()
			.filter(env -> variable.equals(env.get("name")))
			.map(env -> (String) at(env, "valueFrom", "fieldRef", "fieldPath"))
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(null);
	}

	private static int replicas(Container container) {
		Object replicas = at(container.deployment(), "spec", "replicas");
		return (replicas instanceof Integer number) ? number : 1;
	}

	private static String workloadName(Container container) {
		return container.deployment().get("kind") + " " + at(container.deployment(), "metadata", "name");
	}

}
