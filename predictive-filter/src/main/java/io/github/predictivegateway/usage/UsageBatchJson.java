package io.github.predictivegateway.usage;

import java.util.ArrayList;
import java.util.List;

import io.github.predictivegateway.wire.UsageBatch;
import io.github.predictivegateway.wire.UsageBatchCodec;

/**
 * This instance's usage records as the batch the forecaster reads, whichever way it
 * travels: the body of {@code POST /v1/usage}, and the batch field of an entry of the
 * Redis usage stream. The format is the wire contract's ({@link UsageBatchCodec}).
 */
public final class UsageBatchJson {

	private UsageBatchJson() {
	}

	/** The batch of {@code instance}'s {@code records} as UTF-8 JSON. */
	public static byte[] bytes(String instance, List<StepUsage> records) {
		List<UsageBatch.Entry> entries = new ArrayList<>(records.size());
		for (StepUsage r : records) {
			entries.add(new UsageBatch.Entry(r.tenant(), r.resource(), r.stepStart().toString(), r.attempted(),
					r.admitted(), r.preallocated(), r.throttled(), r.units(), r.bytes(), r.durationMsSum(),
					r.durationMsMax()));
		}
		return UsageBatchCodec.write(new UsageBatch(instance, entries));
	}

}
