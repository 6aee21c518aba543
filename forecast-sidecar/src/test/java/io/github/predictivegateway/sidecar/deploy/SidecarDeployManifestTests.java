package io.github.predictivegateway.sidecar.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forecast sidecar's container in {@code config/deploy/} against the sidecar: its
 * ports and probe paths are the ones its {@code application.yml} and arguments give it,
 * every property it is given is documented (by {@code SidecarProperties}' generated
 * metadata or Boot's), its directories are mounted volumes of their own, its API is
 * reachable only from gateway pods and writes need the token, and the Dockerfile copies
 * the jar Maven builds. The gateway's side is gateway-app's {@code DeployManifestsTests};
 * the topology as a whole (persistent history, shards, usage through Redis) is
 * gateway-app's {@code DeploymentTopologyTests}.
 */
class SidecarDeployManifestTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final Set<String> ALLOWED_ENVIRONMENT = Set.of("JAVA_TOOL_OPTIONS");

	private static Map<String, Object> pod;

	private static Map<String, Object> sidecar;

	private static Map<String, Object> workload;

	private static final List<Map<String, Object>> documents = new ArrayList<>();

	private static Map<String, String> application;

	private static Set<String> known;

	@BeforeAll
	@SuppressWarnings("unchecked")
	static void load() throws IOException {
		try (Stream<Path> files = Files.list(ROOT.resolve("config/deploy"))) {
			for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
				try (Reader reader = Files.newBufferedReader(file)) {
					for (Object document : new Yaml().loadAll(reader)) {
						Map<String, Object> map = (Map<String, Object>) document;
						if (map != null) {
							documents.add(map);
						}
					}
				}
			}
		}
		for (Map<String, Object> map : documents) {
			if (!"Deployment".equals(map.get("kind")) && !"StatefulSet".equals(map.get("kind"))) {
				continue;
			}
			Map<String, Object> spec = (Map<String, Object>) at(map, "spec", "template", "spec");
			for (Map<String, Object> container : (List<Map<String, Object>>) spec.get("containers")) {
				if (String.valueOf(container.get("image")).startsWith("forecast-sidecar")) {
					sidecar = container;
					pod = spec;
					workload = map;
				}
			}
		}
		assertThat(sidecar).as("a container running the forecast-sidecar image").isNotNull();
		application = new LinkedHashMap<>();
		Path yaml = ROOT.resolve("forecast-sidecar/src/main/resources/application.yml");
		for (PropertySource<?> source : new YamlPropertySourceLoader().load("sidecar", new FileSystemResource(yaml))) {
			EnumerablePropertySource<?> enumerable = (EnumerablePropertySource<?>) source;
			for (String name : enumerable.getPropertyNames()) {
				application.putIfAbsent(name, String.valueOf(enumerable.getProperty(name)));
			}
		}
		known = new HashSet<>();
		JsonMapper json = JsonMapper.builder().build();
		for (String resource : List.of("META-INF/spring-configuration-metadata.json",
				"META-INF/additional-spring-configuration-metadata.json")) {
			Enumeration<URL> urls = SidecarDeployManifestTests.class.getClassLoader().getResources(resource);
			while (urls.hasMoreElements()) {
				try (InputStream in = urls.nextElement().openStream()) {
					for (JsonNode property : json.readTree(in).path("properties")) {
						known.add(property.path("name").asString());
					}
				}
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static Object at(Object node, String... path) {
		Object current = node;
		for (String key : path) {
			current = (current instanceof Map<?, ?> map) ? ((Map<String, Object>) map).get(key) : null;
		}
		return current;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Object node, String key) {
		Object value = at(node, key);
		return (value == null) ? List.of() : (List<Map<String, Object>>) value;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> args(Map<String, Object> container) {
		Map<String, String> properties = new LinkedHashMap<>();
		for (String arg : (List<String>) container.getOrDefault("args", List.of())) {
			if (arg.startsWith("--")) {
				int eq = arg.indexOf('=');
				properties.put(arg.substring(2, (eq < 0) ? arg.length() : eq), (eq < 0) ? "" : arg.substring(eq + 1));
			}
		}
		return properties;
	}

	private static String effective(String property) {
		String fromArgs = args(sidecar).get(property);
		return (fromArgs != null) ? fromArgs : application.get(property);
	}

	private static int port(Object nameOrNumber) {
		if (nameOrNumber instanceof Integer number) {
			return number;
		}
		return list(sidecar, "ports").stream()
			.filter(p -> nameOrNumber.equals(p.get("name")))
			.map(p -> (Integer) p.get("containerPort"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no sidecar container port named " + nameOrNumber));
	}

	@Test
	void theApiPortIsTheSidecarsServerPortAndOnlyGatewayPodsReachIt() {
		assertThat(port("api")).isEqualTo(Integer.parseInt(effective("server.port")));
		assertThat(effective("server.address")).as("the gateways reach the sidecars through a Service")
			.isEqualTo("0.0.0.0");
		Map<?, ?> podLabels = (Map<?, ?>) at(workload, "spec", "template", "metadata", "labels");
		Map<String, Object> policy = documents.stream()
			.filter(d -> "NetworkPolicy".equals(d.get("kind")))
			.filter(d -> podLabels.entrySet()
				.containsAll(((Map<?, ?>) at(d, "spec", "podSelector", "matchLabels")).entrySet()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no NetworkPolicy guards the sidecar pods"));
		List<Map<String, Object>> ingress = list(at(policy, "spec"), "ingress");
		assertThat(ingress).as("rules admitting the API port")
			.filteredOn(rule -> list(rule, "ports").stream()
				.anyMatch(p -> "api".equals(p.get("port")) || Integer.valueOf(port("api")).equals(p.get("port"))))
			.isNotEmpty()
			.allSatisfy(rule -> assertThat(list(rule, "from")).isNotEmpty()
				.allSatisfy(from -> assertThat(String.valueOf(at(from, "podSelector", "matchLabels")))
					.contains("predictive-gateway")));
		assertThat(list(sidecar, "env")).as("writes need the shared token, from a Secret").anySatisfy(variable -> {
			assertThat(variable.get("name")).isEqualTo("SIDECAR_TOKEN");
			assertThat(at(variable, "valueFrom", "secretKeyRef", "key")).isNotNull();
		});
	}

	@Test
	void probesAskHealthGroupsOnAManagementPortTheKubeletCanReach() {
		assertThat(effective("management.endpoint.health.probes.enabled")).isEqualTo("true");
		String management = effective("management.server.port");
		assertThat(management).as("a management port apart from the loopback API").isNotNull();
		assertThat(effective("management.server.address")).isNotIn("127.0.0.1", "localhost", "::1");
		Set<String> groups = new HashSet<>();
		String prefix = "management.endpoint.health.group.";
		application.keySet()
			.stream()
			.filter(name -> name.startsWith(prefix))
			.forEach(name -> groups.add(name.substring(prefix.length(), name.indexOf('.', prefix.length()))));
		assertThat(groups).contains("liveness", "readiness");
		for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
			String path = (String) at(sidecar, probe, "httpGet", "path");
			assertThat(path).as(probe).startsWith("/actuator/health/");
			assertThat(groups).as(probe + " " + path).contains(path.substring("/actuator/health/".length()));
			assertThat(port(at(sidecar, probe, "httpGet", "port"))).as(probe + " port")
				.isEqualTo(Integer.parseInt(management));
		}
	}

	@Test
	void everyPropertyTheManifestSetsIsAKnownPropertyOfTheSidecar() {
		assertThat(args(sidecar).keySet()).isNotEmpty()
			.allSatisfy(property -> assertThat(known).as("--%s is not a documented sidecar property", property)
				.contains(property));
		assertThat(list(sidecar, "env")).allSatisfy(variable -> {
			String name = (String) variable.get("name");
			boolean property = known.stream()
				.anyMatch(p -> p.replace('.', '_').replace("-", "").toUpperCase(Locale.ROOT).equals(name));
			assertThat(property || ALLOWED_ENVIRONMENT.contains(name)).as("environment variable %s", name).isTrue();
		});
	}

	@Test
	void theDataAndModelDirectoriesAreMountedVolumesOfTheirOwn() {
		Map<String, String> sidecarMounts = new LinkedHashMap<>();
		list(sidecar, "volumeMounts")
			.forEach(m -> sidecarMounts.put((String) m.get("mountPath"), (String) m.get("name")));
		String dataVolume = sidecarMounts.get(effective("sidecar.data-dir"));
		String modelVolume = sidecarMounts.get(effective("sidecar.model-dir"));
		assertThat(dataVolume).as("volume at sidecar.data-dir").isNotNull();
		assertThat(modelVolume).as("volume at sidecar.model-dir").isNotNull().isNotEqualTo(dataVolume);
		List<Object> volumes = new ArrayList<>();
		list(pod, "volumes").forEach(v -> volumes.add(v.get("name")));
		list(at(workload, "spec"), "volumeClaimTemplates").forEach(t -> volumes.add(at(t, "metadata", "name")));
		assertThat(volumes).contains(dataVolume, modelVolume);
		assertThat(effective("management.health.diskspace.path")).isEqualTo("${sidecar.data-dir}");
	}

	@Test
	void theDockerfileCopiesTheBuiltJarExtractsItsLayersTrainsItsCdsArchiveAndExposesThePorts() throws IOException {
		String dockerfile = Files.readString(ROOT.resolve("forecast-sidecar/Dockerfile"));
		Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>")
			.matcher(Files.readString(ROOT.resolve("forecast-sidecar/pom.xml")));
		assertThat(finalName.find()).isTrue();
		assertThat(dockerfile).contains("COPY forecast-sidecar/target/" + finalName.group(1) + ".jar app.jar")
			.contains("java -Djarmode=tools -jar app.jar extract --layers --destination extracted")
			.containsPattern("(?m)^FROM eclipse-temurin:17-jre AS layers$")
			.contains("-XX:ArchiveClassesAtExit=app.jsa -Dspring.context.exit=onRefresh")
			.contains("ENTRYPOINT [\"java\", \"-XX:SharedArchiveFile=app.jsa\", \"-jar\", \"app.jar\"");
		for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
			assertThat(dockerfile).contains("COPY --from=layers /build/extracted/" + layer + "/ ./");
		}
		Matcher expose = Pattern.compile("(?m)^EXPOSE (.+)$").matcher(dockerfile);
		assertThat(expose.find()).isTrue();
		List<String> exposed = new ArrayList<>(List.of(expose.group(1).trim().split("\\s+")));
		assertThat(exposed).containsExactlyInAnyOrder(effective("server.port"), effective("management.server.port"));
		assertThat(dockerfile).contains("--sidecar.data-dir=" + effective("sidecar.data-dir"))
			.contains("--sidecar.model-dir=" + effective("sidecar.model-dir"));
	}

}
