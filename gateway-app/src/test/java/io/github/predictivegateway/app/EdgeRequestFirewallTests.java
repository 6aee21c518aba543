package io.github.predictivegateway.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

class EdgeRequestFirewallTests {

	@ParameterizedTest
	@ValueSource(strings = { "/", "/demo/hello", "/orders/42/items", "/a%20b", "/search?q=a;b", "/v1/x.json",
			"/.well-known/x", "/a..b/c" })
	void aNormalizedPathPasses(String path) {
		assertThat(EdgeRequestFirewall.refusal(HttpMethod.GET, path.split("\\?")[0])).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/demo/hello;v=1", "/demo/..;/admin", "/a%3bb", "/a%2Fb", "/a%2fb", "/a%5Cb", "/a\\b",
			"/a%25b", "/a%2e%2e/b", "/a%00b", "/a%0ab", "//admin", "/demo//x", "/demo/../admin", "/demo/./x",
			"/demo/..", "/demo/." })
	void aPathSpringSecuritysStrictFirewallRefusesIsRefused(String path) {
		assertThat(EdgeRequestFirewall.refusal(HttpMethod.GET, path)).isNotNull();
	}

	@Test
	void aMethodOutsideTheSevenUsualOnesIsRefused() {
		assertThat(EdgeRequestFirewall.refusal(HttpMethod.valueOf("TRACE"), "/demo/hello"))
			.isEqualTo("method not allowed by the request firewall");
	}

}
