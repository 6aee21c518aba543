package io.github.predictivegateway.forecast;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A pre-allocation an operator declares instead of forecasting it: {@code units} per step
 * for a tenant and a resource type, on the given days between {@code from} (inclusive)
 * and {@code to} (exclusive), local time in {@code zone}. {@code from == to} means the
 * whole day; {@code from > to} wraps past midnight.
 */
public record DeclaredPreallocation(String tenant, String resource, long units, Set<DayOfWeek> days, LocalTime from,
		LocalTime to, ZoneId zone) {

	public DeclaredPreallocation {
		Objects.requireNonNull(tenant, "tenant");
		Objects.requireNonNull(resource, "resource");
		if (units < 0) {
			throw new IllegalArgumentException("declared pre-allocation units must be >= 0, got " + units);
		}
		days = (days == null || days.isEmpty()) ? EnumSet.allOf(DayOfWeek.class) : EnumSet.copyOf(days);
		from = (from != null) ? from : LocalTime.MIDNIGHT;
		to = (to != null) ? to : LocalTime.MIDNIGHT;
		zone = (zone != null) ? zone : ZoneId.of("UTC");
	}

	/** Every step of every day. */
	public static DeclaredPreallocation always(String tenant, String resource, long units) {
		return new DeclaredPreallocation(tenant, resource, units, null, null, null, null);
	}

	/**
	 * Whether a step starting at {@code stepStart} falls in this declaration's window.
	 */
	public boolean appliesAt(ZonedDateTime stepStart) {
		ZonedDateTime local = stepStart.withZoneSameInstant(this.zone);
		LocalTime time = local.toLocalTime();
		if (this.from.equals(this.to)) {
			return this.days.contains(local.getDayOfWeek());
		}
		if (this.from.isBefore(this.to)) {
			return this.days.contains(local.getDayOfWeek()) && !time.isBefore(this.from) && time.isBefore(this.to);
		}
		// wraps midnight: the window belongs to the day it started on
		if (!time.isBefore(this.from)) {
			return this.days.contains(local.getDayOfWeek());
		}
		return time.isBefore(this.to) && this.days.contains(local.getDayOfWeek().minus(1));
	}

}
