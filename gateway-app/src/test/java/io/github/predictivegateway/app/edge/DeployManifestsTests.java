package io.github.predictivegateway.app.edge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.predictivegateway.app.GatewayApplication;
import io.github.predictivegateway.app.edge.DeployManifests.Container;
import io.github.predictivegateway.app.edge.DeployManifests.KnownProperties;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static io.github.predictivegateway.app.edge.DeployManifests.at;
import static io.github.predictivegateway.app.edge.DeployManifests.list;
import static io.github.predictivegateway.app.edge.DeployManifests.ofKind;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests in {@code config/deploy/} against the gateway they deploy, so
 * that a renamed property, a moved port or a missing health group fails the build instead
 * of a rollout. The sidecar's container is checked the same way by forecast-sidecar's
 * {@code SidecarDeployManifestTests}, against its own properties.
 */
@Timeout(120)
class DeployManifestsTests {

	/**
	 * Environment variables the manifests may set that no metadata on this class path
	 * documents, each with its reason. {@code JAVA_TOOL_OPTIONS} is read by the JVM; the
	 * Redis ones are Boot's standard {@code spring.data.redis.*}, documented once
	 * distributed mode brings Boot's Redis module to the gateway.
	 */
	private static final Set<String> ALLOWED_ENVIRONMENT = Set.of("JAVA_TOOL_OPTIONS", "SPRING_DATA_REDIS_HOST",
			"SPRING_DATA_REDIS_PORT");

	private static List<Map<String, Object>> documents;

	private static Container gateway;

	private static Map<String, Object> application;

	private static KnownProperties known;

	@BeforeAll
	static void load() throws Exception {
		documents = DeployManifests.documents();
		gateway = DeployManifests.container(documents, "predictive-gateway");
		application = DeployManifests
			.applicationYaml(DeployManifests.ROOT.resolve("gateway-app/src/main/resources/application.yml"));
		known = DeployManifests.knownProperties();
	}

	/**
	 * A property as the container sees it: its command-line argument, else the embedded
	 * default.
	 */
	private static String effective(String property) {
		String fromArgs = gateway.argProperties().get(property);
		return (fromArgs != null) ? fromArgs : (String) application.get(property);
	}

	@Test
	void everyDocumentHasAKindAndAName() {
		assertThat(documents).isNotEmpty().allSatisfy(document -> {
			assertThat(document.get("apiVersion")).as("apiVersion in %s", document.get("__file")).isNotNull();
			assertThat(document.get("kind")).as("kind in %s", document.get("__file")).isNotNull();
			assertThat(at(document, "metadata", "name")).as("name in %s", document.get("__file")).isNotNull();
		});
	}

	@Test
	void theContainerPortsAreTheApplicationsPorts() {
		assertThat(gateway.namedPort("https")).isEqualTo(Integer.parseInt(effective("server.port")));
		assertThat(gateway.namedPort("management")).isEqualTo(Integer.parseInt(effective("management.server.port")));
		assertThat(effective("management.server.address")).as("kubelet probes come from outside the pod's loopback")
			.isNotIn("127.0.0.1", "localhost", "::1");
	}

	@Test
	void probesAskHealthGroupsOnTheManagementPort() {
		assertThat(effective("management.endpoint.health.probes.enabled")).isEqualTo("true");
		Set<String> groups = DeployManifests.healthGroups(application);
		assertThat(groups).contains("liveness", "readiness");
		for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
			Object port = at(gateway.spec(), probe, "httpGet", "port");
			String path = (String) at(gateway.spec(), probe, "httpGet", "path");
			assertThat(path).as(probe).isNotNull();
			assertThat(gateway.port(port)).as(probe + " port").isEqualTo(gateway.namedPort("management"));
			assertThat(path).as(probe + " path").startsWith("/actuator/health/");
			assertThat(groups).as(probe + " path " + path).contains(path.substring("/actuator/health/".length()));
		}
	}

	@Test
	void everyPropertyTheManifestsSetIsAKnownPropertyOfTheGateway() {
		assertThat(gateway.argProperties().keySet()).isNotEmpty()
			.allSatisfy(property -> assertThat(known.contains(property))
				.as("--%s is not a documented property of the gateway", property)
				.isTrue());
		assertThat(gateway.env()).allSatisfy(variable -> {
			String name = (String) variable.get("name");
			assertThat(ALLOWED_ENVIRONMENT.contains(name) || known.containsEnvironmentVariable(name))
				.as("environment variable %s is neither a documented property nor allowed", name)
				.isTrue();
		});
	}

	@Test
	void theTlsFilesAndTheRoutesFileAreMounted() {
		for (String property : List.of("server.ssl.certificate", "server.ssl.certificate-private-key",
				"spring.config.additional-location")) {
			String location = effective(property);
			assertThat(location).as(property).startsWith("file:");
			String path = location.substring("file:".length());
			assertThat(gateway.volumeMounts()).as(property + " " + path)
				.anySatisfy(mount -> assertThat(path).startsWith((String) mount.get("mountPath")));
		}
		assertThat(effective("server.http2.enabled")).isEqualTo("true");
	}

	@Test
	void thePublicServiceCarriesOnlyTheTlsPortAndEveryServiceTargetsADeclaredPort() {
		List<Map<String, Object>> services = ofKind(documents, "Service").stream()
			.filter(service -> gateway.podLabels()
				.entrySet()
				.containsAll(((Map<?, ?>) at(service, "spec", "selector")).entrySet()))
			.toList();
		assertThat(services).isNotEmpty();
		int management = gateway.namedPort("management");
		for (Map<String, Object> service : services) {
			String type = String.valueOf(at(service, "spec", "type"));
			for (Map<String, Object> port : list(service, "spec", "ports")) {
				int target = gateway.port(port.get("targetPort"));
				if (type.equals("LoadBalancer") || type.equals("NodePort")) {
					assertThat(target).as("public Service %s", at(service, "metadata", "name"))
						.isEqualTo(gateway.namedPort("https"));
				}
				else {
					assertThat(type).isEqualTo("ClusterIP");
				}
			}
		}
		assertThat(services).filteredOn(s -> "LoadBalancer".equals(at(s, "spec", "type"))).hasSize(1);
		assertThat(services).anySatisfy(s -> assertThat(list(s, "spec", "ports"))
			.anySatisfy(p -> assertThat(gateway.port(p.get("targetPort"))).isEqualTo(management)));
	}

	@Test
	void theRedisServiceIsWhereTheGatewayLooksForRedis() {
		Container redis = DeployManifests.container(documents, "redis:");
		Map<String, Object> service = ofKind(documents, "Service").stream()
			.filter(s -> redis.podLabels().entrySet().containsAll(((Map<?, ?>) at(s, "spec", "selector")).entrySet()))
			.findFirst()
			.orElseThrow();
		Map<String, Object> port = list(service, "spec", "ports").get(0);
		assertThat(redis.port(port.get("targetPort"))).isEqualTo(6379);
		Map<String, String> env = new java.util.HashMap<>();
		gateway.env().forEach(variable -> env.put((String) variable.get("name"), (String) variable.get("value")));
		assertThat(env).containsEntry("SPRING_DATA_REDIS_HOST", (String) at(service, "metadata", "name"))
			.containsEntry("SPRING_DATA_REDIS_PORT", String.valueOf(port.get("port")));
	}

	@Test
	void everyContainerHasResourceRequestsAndLimits() {
		for (Map<String, Object> workload : DeployManifests.workloads(documents)) {
			for (Map<String, Object> container : list(workload, "spec", "template", "spec", "containers")) {
				for (String kind : List.of("requests", "limits")) {
					@SuppressWarnings("unchecked")
					Map<String, Object> resources = (Map<String, Object>) at(container, "resources", kind);
					assertThat(resources).as("%s of container %s", kind, container.get("name"))
						.containsKeys("cpu", "memory");
				}
			}
		}
	}

	/**
	 * The routes file mounted from the ConfigMap, bound by the gateway itself: its own
	 * checks must pass.
	 */
	@Test
	void theGatewayStartsWithTheConfigMapsRoutes() throws Exception {
		String location = effective("spring.config.additional-location").substring("file:".length());
		Map<String, Object> mount = gateway.volumeMounts()
			.stream()
			.filter(m -> location.equals(m.get("mountPath")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no volume mounted at " + location));
		Map<String, Object> volume = gateway.volumes()
			.stream()
			.filter(v -> mount.get("name").equals(v.get("name")))
			.findFirst()
			.orElseThrow();
		String configMapName = (String) at(volume, "configMap", "name");
		Map<String, Object> configMap = ofKind(documents, "ConfigMap").stream()
			.filter(c -> configMapName.equals(at(c, "metadata", "name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no ConfigMap " + configMapName));
		String routes = (String) at(configMap, "data", (String) mount.get("subPath"));
		assertThat(routes).contains("PredictiveRateLimiter");
		Path file = Files.createTempFile("routes", ".yml");
		Files.writeString(file, routes);

		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(GatewayApplication.class).run(
				"--spring.config.additional-location=file:" + file, "--server.port=0", "--server.address=127.0.0.1",
				"--management.server.port=0", "--spring.main.banner-mode=off")) {
			io.github.predictivegateway.plan.ResourceTypes types = context
				.getBean(io.github.predictivegateway.plan.ResourceTypes.class);
			for (String route : routeResources(routes)) {
				assertThat(types.contains(route)).as("resource " + route).isTrue();
			}
		}
	}

	private static List<String> routeResources(String routes) {
		List<String> resources = new ArrayList<>();
		Matcher matcher = Pattern.compile("resource:\\s*([\\w-]+)").matcher(routes);
		while (matcher.find()) {
			resources.add(matcher.group(1));
		}
		return resources;
	}

	@Test
	void theDockerfileCopiesTheBuiltJarExtractsItsLayersTrainsItsCdsArchiveAndExposesThePorts() throws Exception {
		String dockerfile = Files.readString(DeployManifests.ROOT.resolve("gateway-app/Dockerfile"));
		String pom = Files.readString(DeployManifests.ROOT.resolve("gateway-app/pom.xml"));
		Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(pom);
		assertThat(finalName.find()).isTrue();
		assertThat(dockerfile).contains("COPY gateway-app/target/" + finalName.group(1) + ".jar app.jar")
			.contains("java -Djarmode=tools -jar app.jar extract --layers --destination extracted")
			.containsPattern("(?m)^FROM eclipse-temurin:17-jre AS layers$")
			.containsPattern("(?m)^FROM eclipse-temurin:17-jre$")
			.contains("-XX:ArchiveClassesAtExit=app.jsa -Dspring.context.exit=onRefresh")
			.contains("ENTRYPOINT [\"java\", \"-XX:SharedArchiveFile=app.jsa\", \"-jar\", \"app.jar\"")
			.containsPattern("(?m)^USER \\d+");
		for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
			assertThat(dockerfile).contains("COPY --from=layers /build/extracted/" + layer + "/ ./");
		}
		Matcher expose = Pattern.compile("(?m)^EXPOSE (.+)$").matcher(dockerfile);
		assertThat(expose.find()).isTrue();
		assertThat(expose.group(1).trim().split("\\s+")).containsExactlyInAnyOrder(
				(String) application.get("server.port"), (String) application.get("management.server.port"));
		assertThat(gateway.spec().get("image")).asString().startsWith("predictive-gateway:");
	}

}
