package io.github.predictivegateway.forecast;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a cap, so that a sidecar sending a huge (or
 * endless) body cannot fill the gateway's heap: a {@code Content-Length} above the cap is
 * refused before a byte is read, and a body that grows past the cap while streaming stops
 * being read at once (the subscription is cancelled, which closes the connection).
 *
 * @param bytes the body, or empty when it was over the cap
 * @param exceeded whether the body was larger than the cap
 */
record CappedBody(byte[] bytes, boolean exceeded) {

	private static final CappedBody EXCEEDED = new CappedBody(new byte[0], true);

	/** A body handler that reads at most {@code maxBytes} bytes. */
	static HttpResponse.BodyHandler<CappedBody> upTo(long maxBytes) {
		return info -> {
			long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
			return new Subscriber(declared > maxBytes ? 0 : maxBytes, declared > maxBytes);
		};
	}

	/** Collects the body's buffers, cancelling as soon as they pass the cap. */
	private static final class Subscriber implements HttpResponse.BodySubscriber<CappedBody> {

		private final long maxBytes;

		private final boolean refuseAtOnce;

		private final CompletableFuture<CappedBody> result = new CompletableFuture<>();

		private final ByteArrayOutputStream collected = new ByteArrayOutputStream();

		private Flow.Subscription subscription;

		Subscriber(long maxBytes, boolean refuseAtOnce) {
			this.maxBytes = maxBytes;
			this.refuseAtOnce = refuseAtOnce;
		}

		@Override
		public CompletionStage<CappedBody> getBody() {
			return this.result;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			if (this.refuseAtOnce) {
				subscription.cancel();
				this.result.complete(EXCEEDED);
				return;
			}
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(List<ByteBuffer> buffers) {
			if (this.result.isDone()) {
				return;
			}
			for (ByteBuffer buffer : buffers) {
				if (this.collected.size() + (long) buffer.remaining() > this.maxBytes) {
					this.subscription.cancel();
					this.result.complete(EXCEEDED);
					return;
				}
				byte[] chunk = new byte[buffer.remaining()];
				buffer.get(chunk);
				this.collected.writeBytes(chunk);
			}
		}

		@Override
		public void onError(Throwable error) {
			this.result.completeExceptionally(error);
		}

		@Override
		public void onComplete() {
			this.result.complete(new CappedBody(this.collected.toByteArray(), false));
		}

	}

}
