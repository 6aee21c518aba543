package io.github.predictivegateway.app;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderModeSecurityExclusionTests {

	private final HeaderModeSecurityExclusion exclusion = new HeaderModeSecurityExclusion();

	private List<String> excludedAfter(MockEnvironment environment) {
		this.exclusion.postProcessEnvironment(environment, new SpringApplication());
		String excluded = environment.getProperty("spring.autoconfigure.exclude");
		return (excluded != null) ? List.of(excluded.split(",")) : List.of();
	}

	@Test
	void inTheDefaultHeaderModeSpringSecuritysAutoConfigurationsAreExcluded() {
		assertThat(excludedAfter(new MockEnvironment()))
			.containsExactlyElementsOf(HeaderModeSecurityExclusion.SECURITY_AUTO_CONFIGURATIONS);
	}

	@Test
	void exclusionsOfTheApplicationStayExcluded() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.autoconfigure.exclude[0]",
				"com.example.OneAutoConfiguration");

		List<String> expected = new ArrayList<>(List.of("com.example.OneAutoConfiguration"));
		expected.addAll(HeaderModeSecurityExclusion.SECURITY_AUTO_CONFIGURATIONS);
		assertThat(excludedAfter(environment)).containsExactlyElementsOf(expected);
	}

	@Test
	void inJwtModeNothingIsExcluded() {
		MockEnvironment environment = new MockEnvironment().withProperty("predictive.tenant-source", "JWT");

		assertThat(excludedAfter(environment)).isEmpty();
		assertThat(environment.getPropertySources().contains(HeaderModeSecurityExclusion.PROPERTY_SOURCE)).isFalse();
	}

}
