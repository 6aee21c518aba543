package io.github.predictivegateway.app.edge;

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
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * Reads what the deployment check compares: the Kubernetes documents in
 * {@code config/deploy/}, an application's {@code application.yml} flattened as Boot
 * flattens it, and the names of every configuration property documented by the metadata
 * on the class path ({@code META-INF/spring-configuration-metadata.json} of this
 * project's modules and of Boot's own jars).
 */
final class DeployManifests {

	static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	static final Path DEPLOY = ROOT.resolve("config/deploy");

	private DeployManifests() {
	}

	/**
	 * Every document of every {@code .yaml}/{@code .yml} file in {@code config/deploy/}.
	 */
	static List<Map<String, Object>> documents() throws IOException {
		return documents(DEPLOY);
	}

	/**
	 * Every document of every {@code .yaml}/{@code .yml} file in a directory.
	 */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> documents(Path directory) throws IOException {
		List<Map<String, Object>> documents = new ArrayList<>();
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
				.sorted()
				.toList()) {
				try (Reader reader = Files.newBufferedReader(file)) {
					for (Object document : new Yaml().loadAll(reader)) {
						if (document != null) {
							Map<String, Object> map = new LinkedHashMap<>((Map<String, Object>) document);
							map.put("__file", file.getFileName().toString());
							documents.add(map);
						}
					}
				}
			}
		}
		return documents;
	}

	static List<Map<String, Object>> ofKind(List<Map<String, Object>> documents, String kind) {
		return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
	}

	@SuppressWarnings("unchecked")
	static Object at(Object node, String... path) {
		Object current = node;
		for (String key : path) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = ((Map<String, Object>) map).get(key);
		}
		return current;
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> list(Object node, String... path) {
		Object value = at(node, path);
		return (value == null) ? List.of() : (List<Map<String, Object>>) value;
	}

	/**
	 * The container whose image starts with {@code imagePrefix}, with its pod template.
	 */
	record Container(Map<String, Object> deployment, Map<String, Object> spec) {

		String name() {
			return (String) this.spec.get("name");
		}

		@SuppressWarnings("unchecked")
		List<String> args() {
			Object args = this.spec.get("args");
			return (args == null) ? List.of() : (List<String>) args;
		}

		/** {@code --name=value} arguments, as Boot reads them from the command line. */
		Map<String, String> argProperties() {
			Map<String, String> properties = new LinkedHashMap<>();
			for (String arg : args()) {
				if (arg.startsWith("--")) {
					int eq = arg.indexOf('=');
					properties.put(arg.substring(2, (eq < 0) ? arg.length() : eq),
							(eq < 0) ? "" : arg.substring(eq + 1));
				}
			}
			return properties;
		}

		List<Map<String, Object>> env() {
			return list(this.spec, "env");
		}

		List<Map<String, Object>> ports() {
			return list(this.spec, "ports");
		}

		/** A probe's or Service's port, by name or number, as a container port number. */
		int port(Object nameOrNumber) {
			if (nameOrNumber instanceof Integer number) {
				return number;
			}
			return ports().stream()
				.filter(p -> nameOrNumber.equals(p.get("name")))
				.map(p -> (Integer) p.get("containerPort"))
				.findFirst()
				.orElseThrow(() -> new AssertionError(name() + ": no container port named " + nameOrNumber));
		}

		int namedPort(String name) {
			return port(name);
		}

		List<Map<String, Object>> volumeMounts() {
			return list(this.spec, "volumeMounts");
		}

		List<Map<String, Object>> volumes() {
			return list(this.deployment, "spec", "template", "spec", "volumes");
		}

		@SuppressWarnings("unchecked")
		Map<String, Object> podLabels() {
			return (Map<String, Object>) at(this.deployment, "spec", "template", "metadata", "labels");
		}

	}

	static Container container(List<Map<String, Object>> documents, String imagePrefix) {
		return containers(documents, imagePrefix).stream()
			.findFirst()
			.orElseThrow(() -> new AssertionError(
					"no Deployment or StatefulSet in " + DEPLOY + " runs an image named " + imagePrefix + "*"));
	}

	/**
	 * Every container, in a Deployment or a StatefulSet, whose image starts with
	 * {@code imagePrefix}.
	 */
	static List<Container> containers(List<Map<String, Object>> documents, String imagePrefix) {
		List<Container> found = new ArrayList<>();
		for (Map<String, Object> workload : workloads(documents)) {
			for (Map<String, Object> container : list(workload, "spec", "template", "spec", "containers")) {
				if (String.valueOf(container.get("image")).startsWith(imagePrefix)) {
					found.add(new Container(workload, container));
				}
			}
		}
		return found;
	}

	/** The documents that run pods: Deployments and StatefulSets. */
	static List<Map<String, Object>> workloads(List<Map<String, Object>> documents) {
		return documents.stream()
			.filter(d -> "Deployment".equals(d.get("kind")) || "StatefulSet".equals(d.get("kind")))
			.toList();
	}

	/**
	 * An {@code application.yml} flattened to Boot's property names ({@code a.b[0].c}).
	 */
	static Map<String, Object> applicationYaml(Path file) throws IOException {
		Map<String, Object> properties = new LinkedHashMap<>();
		for (PropertySource<?> source : new YamlPropertySourceLoader().load(file.toString(),
				new FileSystemResource(file))) {
			EnumerablePropertySource<?> enumerable = (EnumerablePropertySource<?>) source;
			for (String name : enumerable.getPropertyNames()) {
				properties.putIfAbsent(name, Objects.toString(enumerable.getProperty(name)));
			}
		}
		return properties;
	}

	/**
	 * Names of documented properties, and the prefixes of map-valued ones (whose keys are
	 * free).
	 */
	record KnownProperties(Set<String> names, Set<String> mapPrefixes) {

		boolean contains(String property) {
			String name = property.replaceAll("\\[\\d+]", "");
			if (this.names.contains(name)) {
				return true;
			}
			return this.mapPrefixes.stream().anyMatch(prefix -> name.startsWith(prefix + "."));
		}

		/**
		 * Whether an environment variable is a documented property under Boot's binding
		 * of the environment: dots become underscores, dashes go, upper case.
		 */
		boolean containsEnvironmentVariable(String variable) {
			return this.names.stream().anyMatch(name -> environmentName(name).equals(variable));
		}

		static String environmentName(String property) {
			return property.replace('.', '_').replace("-", "").toUpperCase(java.util.Locale.ROOT);
		}

	}

	static KnownProperties knownProperties() throws IOException {
		Set<String> names = new HashSet<>();
		Set<String> maps = new HashSet<>();
		JsonMapper json = JsonMapper.builder().build();
		ClassLoader loader = DeployManifests.class.getClassLoader();
		for (String resource : List.of("META-INF/spring-configuration-metadata.json",
				"META-INF/additional-spring-configuration-metadata.json")) {
			Enumeration<URL> urls = loader.getResources(resource);
			while (urls.hasMoreElements()) {
				try (InputStream in = urls.nextElement().openStream()) {
					JsonNode properties = json.readTree(in).path("properties");
					for (JsonNode property : properties) {
						String name = property.path("name").asString();
						names.add(name);
						if (property.path("type").asString("").startsWith("java.util.Map")) {
							maps.add(name);
						}
					}
				}
			}
		}
		return new KnownProperties(names, maps);
	}

	/** Health groups configured in an application's properties. */
	static Set<String> healthGroups(Map<String, Object> properties) {
		Set<String> groups = new HashSet<>();
		String prefix = "management.endpoint.health.group.";
		for (String name : properties.keySet()) {
			if (name.startsWith(prefix)) {
				groups.add(name.substring(prefix.length(), name.indexOf('.', prefix.length())));
			}
		}
		return groups;
	}

}
