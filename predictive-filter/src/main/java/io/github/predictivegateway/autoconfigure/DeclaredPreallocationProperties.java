package io.github.predictivegateway.autoconfigure;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Set;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Units reserved for a tenant in every step that starts within a weekly window, e.g. a
 * known Monday 09:00 burst.
 *
 * @param resource Resource type the units are of.
 * @param units Units reserved per step.
 * @param days Days the window applies on. Empty: every day.
 * @param from Start of the daily window, local time. Equal to 'to': the whole day.
 * @param to End of the daily window (exclusive), local time; before 'from' wraps past
 * midnight.
 * @param zone Time zone of the window.
 */
public record DeclaredPreallocationProperties(@NotBlank @DefaultValue("") String resource, @Min(0) long units,
		Set<DayOfWeek> days, @DefaultValue("00:00") LocalTime from, @DefaultValue("00:00") LocalTime to,
		@NotBlank @DefaultValue("UTC") String zone) {
	public DeclaredPreallocationProperties {
		days = (days != null) ? Set.copyOf(days) : Set.of();
	}

}
