package io.github.predictivegateway.filter;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.predictivegateway.admission.AdmissionEngine;
import io.github.predictivegateway.admission.AdmissionResult;
import io.github.predictivegateway.gate.AdmissionQueues;
import io.github.predictivegateway.gate.GateResult;
import io.github.predictivegateway.gate.PriorityClass;
import io.github.predictivegateway.plan.ResourceType;
import io.github.predictivegateway.usage.UsageCell;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;

/**
 * The body of one request on a {@code cost: content-length} route that came without a
 * {@code Content-Length} ({@link ChunkedBodies#METER}): charged the bytes that actually
 * pass, before they go upstream. The request was admitted for its first unit; after
 * {@code p} bytes have passed, {@code max(1, p)} units have been charged, each chunk's
 * share asked of the tenant stage and then of the capacity gate like a request of that
 * cost (waiting in the admission queue if need be). One chunk at a time is asked for, so
 * the upload is paced by what admits it. The first chunk refused ends the body with a
 * {@link Refused} error, which aborts the upstream call; the filter answers the client.
 * Units already charged stay charged: those bytes reached the upstream.
 */
final class MeteredBody {

	private final AdmissionEngine engine;

	private final @Nullable AdmissionQueues queues;

	private final ResourceType resource;

	private final String tenant;

	private final long largest;

	private final @Nullable UsageCell cell;

	private long passed;

	private long charged = 1;

	/**
	 * @param largest the most one request can ever be admitted for (tenant stage and gate
	 * together): past it the upload is refused 413 at once
	 */
	MeteredBody(AdmissionEngine engine, @Nullable AdmissionQueues queues, ResourceType resource, String tenant,
			long largest, @Nullable UsageCell cell) {
		this.engine = engine;
		this.queues = queues;
		this.resource = resource;
		this.tenant = tenant;
		this.largest = largest;
		this.cell = cell;
	}

	/** {@code request} with its body metered. */
	ServerHttpRequest meter(ServerHttpRequest request) {
		return new ServerHttpRequestDecorator(request) {

			@Override
			public Flux<DataBuffer> getBody() {
				return meter(super.getBody());
			}

		};
	}

	private Flux<DataBuffer> meter(Flux<DataBuffer> body) {
		return body.concatMap(buffer -> charge(buffer.readableByteCount()).then(Mono.just(buffer)).onErrorResume(ex -> {
			DataBufferUtils.release(buffer);
			return Mono.error(ex);
		}), 1).doOnDiscard(DataBuffer.class, DataBufferUtils::release);
	}

	/** Charges what {@code bytes} more passing costs beyond what was charged. */
	private Mono<Void> charge(int bytes) {
		this.passed += bytes;
		long due = this.passed - this.charged;
		if (due <= 0) {
			return Mono.empty();
		}
		if (this.passed > this.largest) {
			return Mono.error(new Refused(this.passed, null, null, this.largest));
		}
		this.charged += due;
		long chunkBytes = bytes;
		return Mono.fromFuture(this.engine.admitAsync(this.tenant, this.resource, due), true).flatMap(result -> {
			if (!result.admitted()) {
				return Mono.error(new Refused(this.passed, result, null, this.largest));
			}
			if (this.cell != null) {
				this.cell.streamed(due, chunkBytes);
			}
			AdmissionQueues queues = this.queues;
			if (queues == null) {
				return Mono.empty();
			}
			return queues.acquire(this.resource, PriorityClass.of(result.decision()), due).flatMap(gate -> {
				if (gate.admitted()) {
					return Mono.empty();
				}
				this.engine.refund(this.tenant, this.resource, result);
				return Mono.error(new Refused(this.passed, result, gate, this.largest));
			});
		});
	}

	/**
	 * A chunk was refused after {@code passed} bytes of the body (the refused chunk
	 * included): by the tenant stage ({@code gate == null}, {@code result} throttled), by
	 * the gate, or because the body grew past {@code largest} ({@code result == null}).
	 */
	static final class Refused extends RuntimeException {

		final long passed;

		final @Nullable AdmissionResult result;

		final @Nullable GateResult gate;

		final long largest;

		Refused(long passed, @Nullable AdmissionResult result, @Nullable GateResult gate, long largest) {
			super("chunk refused after " + passed + " bytes", null, false, false);
			this.passed = passed;
			this.result = result;
			this.gate = gate;
			this.largest = largest;
		}

		/** The refusal in {@code ex} or its causes, or {@code null}. */
		static @Nullable Refused in(Throwable ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof Refused refused) {
					return refused;
				}
				if (cause.getCause() == cause) {
					break;
				}
			}
			for (Throwable suppressed : ex.getSuppressed()) {
				if (suppressed instanceof Refused refused) {
					return refused;
				}
			}
			return null;
		}

	}

}
