package io.github.predictivegateway.wire;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Checks a received {@link UsageBatch} whole: either every record is valid and the batch
 * becomes {@link UsageRecord}s, or the errors name each bad field by its path
 * ({@code records[3].attempted}) and nothing of the batch is stored.
 */
public final class UsageValidator {

	/** Longest instance, tenant or resource id, in characters. */
	public static final int MAX_ID_LENGTH = 256;

	/**
	 * Most records in one batch unless configured otherwise: the sidecar's default
	 * {@code sidecar.max-batch-records} and the most a gateway's
	 * {@code predictive.usage.max-batch} may be.
	 */
	public static final int DEFAULT_MAX_RECORDS = 10_000;

	/** The record an error names first, as {@code records[3]} or {@code records[3].x}. */
	private static final Pattern RECORD = Pattern.compile("^records\\[(\\d{1,9})\\]");

	/**
	 * Largest count one record may carry (10^15 requests in one step, far beyond any real
	 * gateway): the history sums the records of all instances in {@code long}s, which
	 * stay exact below 2^63 for up to 9,000 instances at this bound, so a hostile or
	 * broken record cannot overflow a step's total into a negative one.
	 */
	public static final long MAX_COUNT = 1_000_000_000_000_000L;

	/** Largest amount (units, milliseconds) one record may carry. */
	public static final double MAX_AMOUNT = 1e15;

	private final long stepSeconds;

	private final int maxRecords;

	private final Clock clock;

	/**
	 * @param clock records for steps starting more than one step after its present are
	 * refused: a clock far ahead must not make everyone else's usage look too old
	 */
	public UsageValidator(long stepSeconds, int maxRecords, Clock clock) {
		this.stepSeconds = stepSeconds;
		this.maxRecords = maxRecords;
		this.clock = clock;
	}

	/** The most records one batch may hold. */
	public int maxRecords() {
		return this.maxRecords;
	}

	/** The records of a valid batch. */
	public record Result(List<UsageRecord> records, List<String> errors) {

		public boolean valid() {
			return this.errors.isEmpty();
		}

	}

	public Result validate(@Nullable UsageBatch batch) {
		List<String> errors = new ArrayList<>();
		if (batch == null) {
			return new Result(List.of(), List.of("the body must be a JSON object with 'instance' and 'records'"));
		}
		checkId(errors, "instance", batch.instance());
		if (batch.records() == null) {
			errors.add("records is missing");
			return new Result(List.of(), errors);
		}
		if (batch.records().size() > this.maxRecords) {
			errors.add("records has " + batch.records().size() + " entries; at most " + this.maxRecords + " per batch");
			return new Result(List.of(), errors);
		}
		List<UsageRecord> records = new ArrayList<>(batch.records().size());
		String instance = batch.instance();
		for (int i = 0; i < batch.records().size(); i++) {
			UsageRecord record = validate(errors, "records[" + i + "]", instance, batch.records().get(i));
			if (record != null) {
				records.add(record);
			}
		}
		return errors.isEmpty() ? new Result(records, List.of()) : new Result(List.of(), errors);
	}

	private @Nullable UsageRecord validate(List<String> errors, String path, @Nullable String instance,
			UsageBatch.@Nullable Entry entry) {
		if (entry == null) {
			errors.add(path + " is null");
			return null;
		}
		int before = errors.size();
		checkId(errors, path + ".tenant", entry.tenant());
		checkId(errors, path + ".resource", entry.resource());
		long stepStart = stepStart(errors, path + ".stepStart", entry.stepStart());
		// preallocated, bytes and the durations are optional: absent is 0
		long attempted = count(errors, path + ".attempted", entry.attempted());
		long admitted = count(errors, path + ".admitted", entry.admitted());
		long preallocated = count(errors, path + ".preallocated", Objects.requireNonNullElse(entry.preallocated(), 0L));
		long throttled = count(errors, path + ".throttled", entry.throttled());
		double units = amount(errors, path + ".units", entry.units());
		long bytes = count(errors, path + ".bytes", Objects.requireNonNullElse(entry.bytes(), 0L));
		double durationSum = amount(errors, path + ".durationMsSum",
				Objects.requireNonNullElse(entry.durationMsSum(), 0.0));
		double durationMax = amount(errors, path + ".durationMsMax",
				Objects.requireNonNullElse(entry.durationMsMax(), 0.0));
		if (errors.size() > before) {
			return null;
		}
		if (admitted + throttled > attempted) {
			errors.add(path + ": admitted (" + admitted + ") + throttled (" + throttled + ") exceed attempted ("
					+ attempted + ")");
		}
		if (preallocated > admitted) {
			errors.add(path + ": preallocated (" + preallocated + ") exceeds admitted (" + admitted + ")");
		}
		if (durationMax > durationSum) {
			errors.add(path + ": durationMsMax (" + durationMax + ") exceeds durationMsSum (" + durationSum + ")");
		}
		if (errors.size() > before || instance == null) {
			return null;
		}
		return new UsageRecord(instance, entry.tenant(), entry.resource(), stepStart, attempted, admitted, preallocated,
				throttled, units, bytes, durationSum, durationMax);
	}

	private static void checkId(List<String> errors, String path, @Nullable String value) {
		String violation = idViolation(path, value);
		if (violation != null) {
			errors.add(violation);
		}
	}

	/**
	 * What is wrong with an instance, tenant or resource id, or {@code null} when nothing
	 * is: it must be present and not blank, at most {@value #MAX_ID_LENGTH} characters,
	 * without control characters ({@link Character#isISOControl}) and without a lone
	 * surrogate (half of a character outside the BMP, which is not text). A gateway
	 * checks its own records with this before it publishes them, so that one bad id never
	 * costs the records it travels with, and so that no record is longer than
	 * {@link UsageBatchCodec#MAX_RECORD_BYTES}.
	 * @param path the field's name in the message
	 */
	public static @Nullable String idViolation(String path, @Nullable String value) {
		if (value == null || value.isBlank()) {
			return path + " is missing or blank";
		}
		if (value.length() > MAX_ID_LENGTH) {
			return path + " is longer than " + MAX_ID_LENGTH + " characters";
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isISOControl(c)) {
				return path + " contains control characters";
			}
			if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return path + " contains half of a surrogate pair";
			}
		}
		return null;
	}

	/**
	 * The index of the record an error of {@link Result#errors()} is about, or empty for
	 * an error about the batch as a whole ({@code instance}, {@code records} itself).
	 */
	public static OptionalInt recordIndex(String error) {
		Matcher matcher = RECORD.matcher(error);
		return matcher.find() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
	}

	private long stepStart(List<String> errors, String path, @Nullable String value) {
		if (value == null) {
			errors.add(path + " is missing (an ISO-8601 instant such as 2026-11-30T09:00:00Z)");
			return 0;
		}
		try {
			Instant instant = Instant.parse(value);
			if (instant.getNano() != 0 || Math.floorMod(instant.getEpochSecond(), this.stepSeconds) != 0) {
				errors.add(path + " " + value + " is not the start of a " + this.stepSeconds + " s step");
			}
			else if (instant.getEpochSecond() > this.clock.instant().getEpochSecond() + this.stepSeconds) {
				errors.add(path + " " + value + " is in the future");
			}
			return instant.getEpochSecond();
		}
		catch (DateTimeParseException ex) {
			errors.add(path + " '" + value + "' is not an ISO-8601 instant such as 2026-11-30T09:00:00Z");
			return 0;
		}
	}

	private static long count(List<String> errors, String path, @Nullable Long value) {
		if (value == null) {
			errors.add(path + " is missing");
			return 0;
		}
		if (value < 0) {
			errors.add(path + " is " + value + "; it must not be negative");
		}
		else if (value > MAX_COUNT) {
			errors.add(path + " is " + value + "; it must be at most " + MAX_COUNT);
		}
		return value;
	}

	private static double amount(List<String> errors, String path, @Nullable Double value) {
		if (value == null) {
			errors.add(path + " is missing");
			return 0;
		}
		if (!Double.isFinite(value) || value < 0 || value > MAX_AMOUNT) {
			errors.add(path + " is " + value + "; it must be a finite number from 0 to 1e15");
		}
		return value;
	}

}
