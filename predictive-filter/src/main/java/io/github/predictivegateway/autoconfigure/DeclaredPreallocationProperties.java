package io.github.predictivegateway.autoconfigure;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Set;

/**
 * Units reserved for a tenant in every step that starts within a weekly window, e.g. a
 * known Monday 09:00 burst.
 */
public class DeclaredPreallocationProperties {

	/** Resource type the units are of. */
	@NotBlank
	private String resource = "";

	/** Units reserved per step. */
	@Min(0)
	private long units;

	/** Days the window applies on. Empty: every day. */
	private Set<DayOfWeek> days = Set.of();

	/** Start of the daily window, local time. Equal to 'to': the whole day. */
	private LocalTime from = LocalTime.MIDNIGHT;

	/**
	 * End of the daily window (exclusive), local time; before 'from' wraps past midnight.
	 */
	private LocalTime to = LocalTime.MIDNIGHT;

	/** Time zone of the window. */
	@NotBlank
	private String zone = "UTC";

	public String getResource() {
		return this.resource;
	}

	public void setResource(String resource) {
		this.resource = resource;
	}

	public long getUnits() {
		return this.units;
	}

	public void setUnits(long units) {
		this.units = units;
	}

	public Set<DayOfWeek> getDays() {
		return this.days;
	}

	public void setDays(Set<DayOfWeek> days) {
		this.days = days;
	}

	public LocalTime getFrom() {
		return this.from;
	}

	public void setFrom(LocalTime from) {
		this.from = from;
	}

	public LocalTime getTo() {
		return this.to;
	}

	public void setTo(LocalTime to) {
		this.to = to;
	}

	public String getZone() {
		return this.zone;
	}

	public void setZone(String zone) {
		this.zone = zone;
	}

}
