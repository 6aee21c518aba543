package io.github.predictivegateway.redis;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.plan.ResourceTypes;

import static org.assertj.core.api.Assertions.assertThat;

class RedisKeysTests {

	private final ResourceTypes resources = new ResourceTypes(Map.of("db", 100.0));

	private final ResourceType db = this.resources.get("db");

	private final RedisKeys keys = new RedisKeys("predictive:");

	@Test
	void keysAreHashTaggedByTenantOrResource() {
		assertThat(this.keys.standardBucket("acme", this.db)).isEqualTo("predictive:{t:acme}:bucket:db");
		assertThat(this.keys.usageStream()).isEqualTo("predictive:{usage}:stream");
		assertThat(this.keys.ledger(this.db, 42)).isEqualTo("predictive:{r:db}:ledger:42");
		assertThat(this.keys.gate(this.db)).isEqualTo("predictive:{r:db}:gate");
	}

	@Test
	void tenantIdsCannotInjectIntoAnotherKeyOrSlot() {
		// a tenant named like the tail of another tenant's key, with a hash tag of its
		// own
		assertThat(this.keys.standardBucket("a}:bucket:db{b", this.db))
			.isEqualTo("predictive:{t:a%7D%3Abucket%3Adb%7Bb}:bucket:db");
		assertThat(this.keys.standardBucket("x:y", this.db)).isNotEqualTo(this.keys.standardBucket("x", this.db));
		assertThat(this.keys.standardBucket("%7B", this.db)).isEqualTo("predictive:{t:%257B}:bucket:db");
		assertThat(this.keys.standardBucket("{", this.db)).isEqualTo("predictive:{t:%7B}:bucket:db");
		assertThat(this.keys.standardBucket("é", this.db)).isEqualTo("predictive:{t:%C3%A9}:bucket:db");
		assertThat(this.keys.standardBucket("tenant.with-dots_1", this.db))
			.isEqualTo("predictive:{t:tenant.with-dots_1}:bucket:db");
	}

	@Test
	void nonAsciiTenantIdsAreKeyedByThePercentEncodedUtf8OfTheirCanonicalForm() {
		assertThat(this.keys.standardBucket("café", this.db)).isEqualTo("predictive:{t:caf%C3%A9}:bucket:db");
		assertThat(this.keys.standardBucket("日本", this.db)).isEqualTo("predictive:{t:%E6%97%A5%E6%9C%AC}:bucket:db");
		assertThat(this.keys.standardBucket("🚀", this.db)).isEqualTo("predictive:{t:%F0%9F%9A%80}:bucket:db");
	}

	@Test
	void theEncodingKeepsOnlySafeCharacters() {
		String everything = "a{b}c:d%e f\u0000g*h?i[j]\\k\"";
		assertThat(RedisKeys.encode(everything)).matches("[A-Za-z0-9._%-]+");
	}

}
