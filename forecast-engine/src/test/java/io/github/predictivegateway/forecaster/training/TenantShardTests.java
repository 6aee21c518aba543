package io.github.predictivegateway.forecaster.training;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TenantShardTests {

	@Test
	void aTenantsShardIsTheUnsignedCrc32OfItsUtf8BytesModuloTheCount() {
		// CRC32("acme") = 96778814, CRC32("globex") = 2528353018 (above 2^31), CRC32("é"
		// as UTF-8) = 235179326
		assertThat(TenantShard.of("acme", 3)).isEqualTo(2);
		assertThat(TenantShard.of("globex", 3)).isEqualTo(1);
		assertThat(TenantShard.of("é", 3)).isEqualTo(2);
		assertThat(TenantShard.of("beta", 2)).isEqualTo(1);
	}

	@Test
	void eachTenantIsOwnedByExactlyOneShard() {
		for (String tenant : new String[] { "acme", "globex", "initech", "beta", "gamma", "" }) {
			int owners = 0;
			for (int index = 0; index < 3; index++) {
				owners += new TenantShard(index, 3).owns(tenant) ? 1 : 0;
			}
			assertThat(owners).as(tenant).isEqualTo(1);
		}
	}

	@Test
	void anIndexOutsideTheCountIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TenantShard(2, 2))
			.withMessageContaining("index 2 of 2");
		assertThatIllegalArgumentException().isThrownBy(() -> new TenantShard(-1, 2));
		assertThatIllegalArgumentException().isThrownBy(() -> new TenantShard(0, 0));
	}

}
