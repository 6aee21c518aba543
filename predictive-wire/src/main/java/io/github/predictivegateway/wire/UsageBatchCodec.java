package io.github.predictivegateway.wire;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * The usage batch's JSON: <pre>
 * {"instance", "records": [{"tenant", "resource", "stepStart", "attempted", "admitted",
 *   "preallocated", "throttled", "units", "bytes", "durationMsSum", "durationMsMax"}]}
 * </pre> {@link #write} puts the fields in that order; {@link #read} binds a batch as
 * {@link UsageBatch}, ignoring fields it does not know (a newer gateway may send more),
 * and leaves the values to {@link UsageValidator}.
 *
 * <p>
 * <b>Size.</b> A record whose ids pass {@link UsageValidator#idViolation} is at most
 * {@link #MAX_RECORD_BYTES} long as written, and a batch of {@code n} such records at
 * most {@link #maxBatchBytes maxBatchBytes(n)}: a forecaster that takes bodies of that
 * size never refuses a valid batch as too large.
 */
public final class UsageBatchCodec {

	/**
	 * Most bytes one character of an id takes as written: 3 for a character of the BMP in
	 * UTF-8, 2 for {@code "} and {@code \} (escaped); a character outside the BMP is 4
	 * bytes for its 2 chars; control characters and lone surrogates, which would be
	 * written as 6-byte escapes, are not valid in ids.
	 */
	static final int MAX_BYTES_PER_ID_CHAR = 3;

	/** Most characters of a count as written: a long, its sign included. */
	static final int MAX_COUNT_CHARS = 20;

	/**
	 * Most characters of an amount as written ({@link Double#toString}, e.g.
	 * {@code -2.2250738585072014E-308}).
	 */
	static final int MAX_AMOUNT_CHARS = 24;

	/**
	 * Most characters of a step start as written: an instant of whole seconds, e.g.
	 * {@code 2026-11-30T09:00:00Z}, with room for years beyond 9999.
	 */
	static final int MAX_STEP_START_CHARS = 32;

	/**
	 * The longest record as {@link #write} writes it, ids at their longest valid length
	 * and every value at its widest: 1,888 bytes. The record of a 128-character ASCII
	 * tenant is about 340 bytes.
	 */
	public static final int MAX_RECORD_BYTES = "{'tenant':'','resource':'','stepStart':'',".length()
			+ 2 * UsageValidator.MAX_ID_LENGTH * MAX_BYTES_PER_ID_CHAR + MAX_STEP_START_CHARS
			+ "'attempted':,'admitted':,'preallocated':,'throttled':,'bytes':,".length() + 5 * MAX_COUNT_CHARS
			+ "'units':,'durationMsSum':,'durationMsMax':}".length() + 3 * MAX_AMOUNT_CHARS;

	/** The batch around its records: {@code {"instance":"…","records":[]}}. */
	static final int MAX_ENVELOPE_BYTES = "{'instance':'','records':[]}".length()
			+ UsageValidator.MAX_ID_LENGTH * MAX_BYTES_PER_ID_CHAR;

	private UsageBatchCodec() {
	}

	/**
	 * The longest body of a batch of {@code records} records whose ids are valid: the
	 * envelope, and each record at its longest with the comma before it.
	 */
	public static long maxBatchBytes(int records) {
		return MAX_ENVELOPE_BYTES + (long) records * (MAX_RECORD_BYTES + 1);
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
	 * Reads a batch as sent. Types are strict: a count must be a JSON integer (no
	 * {@code 2.5}, which would be truncated, nor {@code "2"}), an id a JSON string (no
	 * {@code 5}), an amount a JSON number ({@code NaN} and {@code Infinity} are read as
	 * numbers and left to validation, which refuses them).
	 * @throws WireFormatException if the text is not a JSON usage batch (not JSON, or a
	 * field of the wrong type), naming the field where it can
	 */
	public static UsageBatch read(String body) {
		try {
			UsageBatch batch = WireJson.STRICT_MAPPER.readValue(body, UsageBatch.class);
			if (batch == null) {
				throw new WireFormatException("not a usage batch: the body is empty or null");
			}
			return batch;
		}
		catch (JacksonException ex) {
			throw problem(ex);
		}
	}

	/**
	 * The errors of the forecaster's answer to an invalid batch: the {@code errors} array
	 * of its problem body ({@code {"title": "Invalid usage", "errors":
	 * ["records[3].attempted is -4; …"]}}), as {@link UsageValidator.Result#errors()}
	 * names them; empty when the body has none (or is not JSON).
	 */
	public static List<String> readErrors(String problemBody) {
		try {
			JsonNode root = WireJson.MAPPER.readTree(problemBody);
			if (root == null) {
				return List.of();
			}
			JsonNode errors = root.path("errors");
			List<String> read = new ArrayList<>();
			for (JsonNode error : errors) {
				if (error.isString()) {
					read.add(error.asString());
				}
			}
			return read;
		}
		catch (JacksonException ex) {
			return List.of();
		}
	}

	private static WireFormatException problem(JacksonException ex) {
		String field = path(ex);
		if (ex instanceof MismatchedInputException mismatch && !field.isEmpty()) {
			return new WireFormatException(field, "not a usage batch: " + field + " must be "
					+ expected(mismatch.getTargetType()) + " (" + firstLine(ex.getOriginalMessage()) + ")");
		}
		if (ex instanceof StreamReadException) {
			String where = (ex.getLocation() != null)
					? " at line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() : "";
			return new WireFormatException(field.isEmpty() ? null : field,
					"not a usage batch: the body is not valid JSON" + where
							+ (field.isEmpty() ? "" : " (in " + field + ")") + ": "
							+ firstLine(ex.getOriginalMessage()));
		}
		if (ex instanceof MismatchedInputException) {
			return new WireFormatException(null,
					"not a usage batch: the body must be a JSON object with 'instance' and 'records'");
		}
		return new WireFormatException(field.isEmpty() ? null : field,
				"not a usage batch: " + (field.isEmpty() ? "" : field + ": ") + firstLine(ex.getOriginalMessage()));
	}

	/**
	 * The path of the value that failed, as {@code records[3].attempted}; empty for the
	 * root.
	 */
	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static String expected(@Nullable Class<?> type) {
		if (type == Long.class || type == long.class) {
			return "a whole number";
		}
		if (type == Double.class || type == double.class) {
			return "a number";
		}
		if (type == String.class) {
			return "a string";
		}
		if (type != null && List.class.isAssignableFrom(type)) {
			return "an array";
		}
		return "an object";
	}

	private static String firstLine(@Nullable String message) {
		if (message == null) {
			return "unreadable";
		}
		int end = message.indexOf('\n');
		return (end < 0) ? message : message.substring(0, end);
	}

}
