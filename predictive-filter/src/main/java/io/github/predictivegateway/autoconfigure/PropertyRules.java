package io.github.predictivegateway.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.validation.Errors;

/**
 * Reports broken configuration rules as binding errors whose message names the property,
 * its value and what is allowed ({@code predictive.queue.max-wait.standard is PT10M; it
 * must be from 0 (never wait) to 300s ...}), so that start-up fails with a message an
 * operator can act on.
 *
 * <p>
 * Ranges of one field are Bean Validation's. What the engine's own types enforce is
 * checked by building them ({@link #check}): their messages name the setting
 * ({@code "<setting> is <value>; <rule>"}), and this class puts the property's path in
 * front, so each rule is written once, in the type that relies on it.
 */
public final class PropertyRules {

	private final Errors errors;

	private final String prefix;

	/**
	 * @param prefix the properties' prefix, e.g. {@code predictive.queue}
	 */
	public PropertyRules(Errors errors, String prefix) {
		this.errors = errors;
		this.prefix = prefix + ".";
	}

	/** Reports {@code message} for the property {@code name} (relative to the prefix). */
	public void reject(String name, String message) {
		this.errors.reject(this.prefix + name, message);
	}

	/** The full name of a property relative to the prefix. */
	public String path(String name) {
		return this.prefix + name;
	}

	public void positive(String name, @Nullable Duration value) {
		if (value != null && (value.isZero() || value.isNegative())) {
			reject(name, path(name) + " is " + value + "; it must be positive");
		}
	}

	public void notNegative(String name, @Nullable Duration value) {
		if (value != null && value.isNegative()) {
			reject(name, path(name) + " is " + value + "; it must not be negative");
		}
	}

	/**
	 * Runs {@code check}, typically the constructor of an engine type; its
	 * {@link IllegalArgumentException}, {@code "<setting> is <value>; <rule>"}, is
	 * reported as {@code "<prefix>.<path>.<setting> is <value>; <rule>"}.
	 * @param path the properties the type is built from, relative to the prefix; empty
	 * for the prefix itself
	 * @return whether the check passed
	 */
	public boolean check(String path, Runnable check) {
		try {
			check.run();
			return true;
		}
		catch (IllegalArgumentException ex) {
			String where = path.isEmpty() ? "" : path + ".";
			reject(where + setting(ex), path(where + ex.getMessage()));
			return false;
		}
	}

	/**
	 * The same, for a type whose own name of the setting, {@code setting}, is the
	 * property {@code path}: {@code "capacity is 0.0; ..."} from a resource type becomes
	 * {@code "predictive.capacity.db is 0.0; ..."}.
	 */
	public boolean check(String path, String setting, Runnable check) {
		try {
			check.run();
			return true;
		}
		catch (IllegalArgumentException ex) {
			String message = ex.getMessage();
			String rest = message.startsWith(setting) ? message.substring(setting.length()) : ": " + message;
			reject(path, path(path) + rest);
			return false;
		}
	}

	private static String setting(IllegalArgumentException ex) {
		String message = String.valueOf(ex.getMessage());
		int end = message.indexOf(' ');
		return (end > 0) ? message.substring(0, end) : message;
	}

}
