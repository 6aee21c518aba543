package io.github.predictivegateway.redis;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionException;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.predictivegateway.standard.StoreUnavailableException;
import io.github.predictivegateway.test.RedisClusterTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The warm-up an instance runs before it reports ready ({@link RedisWarmUp}), against the
 * test Redis Cluster: every master connected and holding every script, the round trips
 * made; and the list of scripts kept complete.
 */
class RedisWarmUpTests {

	private final RedisFixture redis = RedisFixture.onCluster();

	@AfterEach
	void cleanUp() throws Exception {
		this.redis.close();
	}

	@Test
	void aWarmUpLoadsEveryScriptOnEveryMasterAndMakesTheRoundTrips() {
		RedisClusterTestServer cluster = (RedisClusterTestServer) this.redis.redis();
		RedisConnector connector = this.redis.connector();
		List<String> made = new ArrayList<>();
		RedisWarmUp warmUp = new RedisWarmUp(connector, RedisWarmUp.scripts(), List
			.of(() -> connector.commands().set(this.redis.prefix() + "{w}:a", new byte[] { 1 }).thenApply(ok -> {
				made.add(ok);
				return ok;
			}).toCompletableFuture()));

		assertThat(warmUp.attempt().join()).as("masters warmed up").isEqualTo(3);

		assertThat(made).containsExactly("OK");
		for (int port : cluster.ports()) {
			List<String> exists = new ArrayList<>(List.of("SCRIPT", "EXISTS"));
			RedisWarmUp.scripts().forEach(script -> exists.add(sha1(script)));
			List<?> loaded = (List<?>) cluster.call(port, exists.toArray(String[]::new));
			assertThat(loaded).as("scripts on master " + port)
				.hasSize(RedisWarmUp.scripts().size())
				.allSatisfy(one -> assertThat(one).isEqualTo(1L));
		}
	}

	/**
	 * The connections a warm-up opens are those a key's command is routed to: after it, a
	 * command on a key of each master opens no connection (issue 18: the warm-up asked
	 * Lettuce for each master's connection by node id, a connection of its own, so the
	 * first requests still opened the ones they are routed to and timed out).
	 */
	@Test
	void aCommandOnAKeyOfEachMasterAfterAWarmUpOpensNoConnection() {
		RedisClusterTestServer cluster = (RedisClusterTestServer) this.redis.redis();
		RedisConnector connector = this.redis.connector();
		assertThat(new RedisWarmUp(connector, RedisWarmUp.scripts(), List.of()).attempt().join()).isEqualTo(3);
		List<Long> before = connectedClients(cluster);

		for (String key : keyOnEachMaster(cluster)) {
			connector.commands().set(key, new byte[] { 1 }).toCompletableFuture().join();
		}

		assertThat(connectedClients(cluster)).as("clients connected to each master").isEqualTo(before);
	}

	private List<String> keyOnEachMaster(RedisClusterTestServer cluster) {
		String[] found = new String[3];
		for (int i = 0; found[0] == null || found[1] == null || found[2] == null; i++) {
			String key = this.redis.prefix() + "{k" + i + "}:a";
			int slot = Integer.parseInt(cluster.command("CLUSTER", "KEYSLOT", key).substring(1));
			int master = (slot <= 5460) ? 0 : (slot <= 10922) ? 1 : 2;
			if (found[master] == null) {
				found[master] = key;
			}
		}
		return List.of(found);
	}

	private static List<Long> connectedClients(RedisClusterTestServer cluster) {
		return cluster.ports().stream().map(port -> {
			String info = (String) cluster.call(port, "INFO", "clients");
			String line = info.lines().filter(one -> one.startsWith("connected_clients:")).findFirst().orElseThrow();
			return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
		}).toList();
	}

	@Test
	void aWarmUpBeforeTheConnectionIsOpenFailsAtOnce() {
		RedisWarmUp warmUp = new RedisWarmUp(this.redis.unreachable(), RedisWarmUp.scripts(), List.of());

		assertThatThrownBy(() -> warmUp.attempt().join()).isInstanceOf(CompletionException.class)
			.hasCauseInstanceOf(StoreUnavailableException.class);
	}

	/**
	 * Every Lua script of distributed mode (a string constant of this package that calls
	 * {@code redis.call}) is among those the warm-up loads, so that a script added later
	 * is loaded too.
	 */
	@Test
	void theWarmUpLoadsEveryScriptOfThisPackage() throws IllegalAccessException {
		List<String> declared = new ArrayList<>();
		for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages(RedisWarmUp.class.getPackageName())) {
			for (Field field : type.reflect().getDeclaredFields()) {
				if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
					field.setAccessible(true);
					String value = (String) field.get(null);
					if (value != null && value.contains("redis.call")) {
						declared.add(type.getSimpleName() + "." + field.getName());
						assertThat(RedisWarmUp.scripts()).as(type.getSimpleName() + "." + field.getName())
							.contains(value);
					}
				}
			}
		}
		assertThat(declared).as("scripts found").isNotEmpty();
	}

	private static String sha1(String script) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
