package io.github.predictivegateway.filter;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestCostTests {

	@Test
	void aRequestCostsOneUnitByDefault() {
		assertThat(RequestCost.parse(null).of(MockServerHttpRequest.get("/").build())).isEqualTo(1);
	}

	@Test
	void aFixedWeightIsTheCostOfEveryRequest() {
		assertThat(RequestCost.parse("7").of(MockServerHttpRequest.get("/").build())).isEqualTo(7);
	}

	@Test
	void contentLengthCostsTheBodysBytes() {
		RequestCost cost = RequestCost.parse("Content-Length");

		assertThat(cost.of(MockServerHttpRequest.post("/").header("Content-Length", "1234").build())).isEqualTo(1234);
	}

	@Test
	void aRequestWithoutBodyOrLengthStillCostsOneUnit() {
		RequestCost cost = RequestCost.parse("content-length");

		assertThat(cost.of(MockServerHttpRequest.get("/").build())).isEqualTo(1);
		assertThat(cost.of(MockServerHttpRequest.post("/").header("Content-Length", "0").build())).isEqualTo(1);
	}

	@Test
	void aContentLengthThatIsNotAWholeNumberIsABadRequest() {
		RequestCost cost = RequestCost.parse("content-length");

		assertThatThrownBy(() -> cost
			.of(MockServerHttpRequest.post("/").header("Content-Length", "99999999999999999999999").build()))
			.isInstanceOf(InvalidRequestException.class);
		assertThatThrownBy(() -> cost.of(MockServerHttpRequest.post("/").header("Content-Length", "-5").build()))
			.isInstanceOf(InvalidRequestException.class)
			.hasMessage("Content-Length must not be negative");
	}

	@Test
	void aCostThatIsNeitherAWeightNorContentLengthIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> RequestCost.parse("0"))
			.withMessageContaining("whole number of units (at least 1) or 'content-length'");
		assertThatIllegalArgumentException().isThrownBy(() -> RequestCost.parse("bytes"));
	}

}
