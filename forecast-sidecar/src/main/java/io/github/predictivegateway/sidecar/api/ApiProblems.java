package io.github.predictivegateway.sidecar.api;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ContentTooLargeException;
import org.springframework.web.server.ServerWebInputException;

/**
 * The API's answers to input it cannot read, as problem bodies that say what was wrong
 * and never a {@code 500}: a body over the limit is {@code 413} with the limit and the
 * property that sets it; a request parameter that is missing or of the wrong type is
 * {@code 400} naming it ({@code parameter}). Ahead of Boot's own problem-details handler,
 * which answers both without saying which limit or only in general terms.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiProblems {

	private final DataSize limit;

	ApiProblems(@Value("${spring.http.codecs.max-in-memory-size:256KB}") DataSize limit) {
		this.limit = limit;
	}

	@ExceptionHandler({ ContentTooLargeException.class, DataBufferLimitException.class })
	ResponseEntity<ProblemDetail> tooLarge() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
				"The body is larger than the sidecar takes: at most " + this.limit.toBytes()
						+ " bytes (spring.http.codecs.max-in-memory-size). Send usage in smaller batches.");
		problem.setTitle("Body too large");
		problem.setProperty("limit", this.limit.toBytes());
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
	}

	@ExceptionHandler(ServerWebInputException.class)
	ResponseEntity<ProblemDetail> unreadable(ServerWebInputException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataBufferLimitException) {
				return tooLarge();
			}
		}
		ProblemDetail problem = ex.getBody();
		MethodParameter parameter = ex.getMethodParameter();
		if (parameter != null && parameter.getParameterName() != null) {
			problem.setProperty("parameter", parameter.getParameterName());
		}
		return ResponseEntity.status(ex.getStatusCode()).body(problem);
	}

}
