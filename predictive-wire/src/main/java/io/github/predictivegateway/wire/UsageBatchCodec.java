package io.github.predictivegateway.wire;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;

/**
 * The usage batch's JSON: <pre>
 * {"instance", "records": [{"tenant", "resource", "stepStart", "attempted", "admitted",
 *   "preallocated", "throttled", "units", "bytes", "durationMsSum", "durationMsMax"}]}
 * </pre> {@link #write} puts the fields in that order; {@link #read} binds a batch as
 * {@link UsageBatch}, ignoring fields it does not know (a newer gateway may send more),
 * and leaves the values to {@link UsageValidator}.
 */
public final class UsageBatchCodec {

	private UsageBatchCodec() {
	}

	/** The batch as UTF-8 JSON. */
	public static byte[] write(UsageBatch batch) {
		List<UsageBatch.@Nullable Entry> records = batch.records();
		return WireJson.write(64 + ((records != null) ? records.size() * 256 : 0), json -> {
			json.writeStartObject();
			json.writeStringProperty("instance", batch.instance());
			json.writeName("records");
			if (records == null) {
				json.writeNull();
			}
			else {
				json.writeStartArray();
				for (UsageBatch.Entry entry : records) {
					write(json, entry);
				}
				json.writeEndArray();
			}
			json.writeEndObject();
		});
	}

	private static void write(JsonGenerator json, UsageBatch.@Nullable Entry entry) {
		if (entry == null) {
			json.writeNull();
			return;
		}
		json.writeStartObject();
		json.writeStringProperty("tenant", entry.tenant());
		json.writeStringProperty("resource", entry.resource());
		json.writeStringProperty("stepStart", entry.stepStart());
		count(json, "attempted", entry.attempted());
		count(json, "admitted", entry.admitted());
		count(json, "preallocated", entry.preallocated());
		count(json, "throttled", entry.throttled());
		amount(json, "units", entry.units());
		count(json, "bytes", entry.bytes());
		amount(json, "durationMsSum", entry.durationMsSum());
		amount(json, "durationMsMax", entry.durationMsMax());
		json.writeEndObject();
	}

	private static void count(JsonGenerator json, String name, @Nullable Long value) {
		if (value != null) {
			json.writeNumberProperty(name, value.longValue());
		}
		else {
			json.writeNullProperty(name);
		}
	}

	private static void amount(JsonGenerator json, String name, @Nullable Double value) {
		if (value != null) {
			json.writeNumberProperty(name, value.doubleValue());
		}
		else {
			json.writeNullProperty(name);
		}
	}

	/**
	 * Reads a batch as sent.
	 * @throws WireFormatException if the text is not a JSON usage batch (not JSON, or a
	 * field of the wrong type)
	 */
	public static UsageBatch read(String body) {
		try {
			UsageBatch batch = WireJson.MAPPER.readValue(body, UsageBatch.class);
			if (batch == null) {
				throw new WireFormatException("not a usage batch: the body is empty or null");
			}
			return batch;
		}
		catch (JacksonException ex) {
			throw new WireFormatException("not a usage batch: " + ex.getOriginalMessage());
		}
	}

}
