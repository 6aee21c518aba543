package io.github.predictivegateway.metrics;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TenantTagsTests {

	@Test
	void listedTenantKeepsItsId() {
		assertThat(TenantTags.of(List.of("acme", "globex")).tagFor("acme")).isEqualTo("acme");
	}

	@Test
	void aTenantListedInDecomposedFormIsTaggedInItsCanonicalForm() {
		assertThat(TenantTags.of(List.of("cafe\u0301")).tagFor("caf\u00e9")).isEqualTo("caf\u00e9");
	}

	@Test
	void unlistedTenantIsOther() {
		assertThat(TenantTags.of(List.of("acme")).tagFor("initech")).isEqualTo(TenantTags.OTHER);
	}

	@Test
	void missingTenantIsOther() {
		assertThat(TenantTags.none().tagFor(null)).isEqualTo(TenantTags.OTHER);
	}

	@Test
	void cardinalityIsListPlusOther() {
		assertThat(TenantTags.of(List.of("acme", "globex")).cardinality()).isEqualTo(3);
	}

	@Test
	void tooManyListedTenantsAreRefused() {
		List<String> many = IntStream.rangeClosed(0, TenantTags.MAX_LISTED).mapToObj(i -> "t" + i).toList();
		assertThatIllegalArgumentException().isThrownBy(() -> TenantTags.of(many)).withMessageContaining("at most 100");
	}

	@Test
	void otherCannotBeListed() {
		assertThatIllegalArgumentException().isThrownBy(() -> TenantTags.of(List.of("other")))
			.withMessageContaining("'other'");
	}

	@Test
	void blankTenantCannotBeListed() {
		assertThatIllegalArgumentException().isThrownBy(() -> TenantTags.of(List.of(" ")))
			.withMessageContaining("blank");
	}

}
