package io.github.predictivegateway.bench.replay;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

import io.github.predictivegateway.bench.replay.ReplayCommand.ReplayResult;

/**
 * The replay's report: a printed table and a JSON document with the same figures. The
 * JSON holds no timing or other machine-dependent value, so the same options and trace
 * give the same bytes.
 */
final class ReplayReport {

	private ReplayReport() {
	}

	static void print(ReplayResult result, PrintStream out) {
		ReplayPlans plans = result.plans();
		Trace trace = result.trace();
		out.printf(Locale.ROOT,
				"%n%d tenants, %d scored steps of %d s after %d warm-up steps; capacity C = %d/s "
						+ "(%s x sum of warm-up peaks %.3f/s)%n",
				trace.tenantCount(), trace.length() - result.warmupSteps(), trace.stepSeconds(), result.warmupSteps(),
				plans.capacity(), number(result.options().capacityShare()), sumOfPeaks(plans));
		out.printf(Locale.ROOT, "%n%-22s %10s %10s %9s %8s %7s %7s %7s %8s %9s %7s %6s %10s %6s%n", "strategy",
				"offered", "admitted", "throttled", "503", "adm%", "burst%", "calm%", "calm503%", "wait50/99",
				"overrun", "Jain", "reserved", "used%");
		for (ReplayMetrics m : result.base()) {
			printOverall(m, out);
		}
		if (result.noisy() != null) {
			int noisy = result.noisyIndex();
			out.printf(Locale.ROOT, "%nnoisy neighbour %s x %s (other tenants' mean admitted share)%n",
					trace.tenants().get(noisy), number(result.options().noisyFactor()));
			out.printf(Locale.ROOT, "%-22s %10s %10s %10s %12s%n", "strategy", "base", "flood", "change", "noisy adm%");
			for (int i = 0; i < result.base().size(); i++) {
				ReplayMetrics base = result.base().get(i);
				ReplayMetrics flood = result.noisy().get(i);
				out.printf(Locale.ROOT, "%-22s %9.2f%% %9.2f%% %+9.2fpp %11.2f%%%n", base.strategy,
						100 * base.meanAdmittedShare(noisy), 100 * flood.meanAdmittedShare(noisy),
						100 * (flood.meanAdmittedShare(noisy) - base.meanAdmittedShare(noisy)),
						100 * flood.admittedShare(noisy));
			}
			out.printf(Locale.ROOT, "%nwith the flood:%n");
			out.printf(Locale.ROOT, "%-22s %10s %10s %9s %8s %7s %7s %7s %8s %9s %7s %6s %10s %6s%n", "strategy",
					"offered", "admitted", "throttled", "503", "adm%", "burst%", "calm%", "calm503%", "wait50/99",
					"overrun", "Jain", "reserved", "used%");
			for (ReplayMetrics m : result.noisy()) {
				printOverall(m, out);
			}
		}
		out.printf(Locale.ROOT, "%nper tenant (rate r in units/s; burst steps: steps above r x step)%n");
		for (ReplayMetrics m : result.base()) {
			out.printf(Locale.ROOT, "%n%s%n%-28s %8s %8s %8s %8s %7s %6s %7s %7s %9s %9s %6s %5s%n", m.strategy,
					"tenant", "r", "offered", "admitted", "503", "adm%", "bursts", "burst%", "calm%", "wait50/99",
					"reserved", "used%", "m");
			for (int t = 0; t < trace.tenantCount(); t++) {
				out.printf(Locale.ROOT, "%-28s %8.4f %8d %8d %8d %6.2f%% %6d %6.2f%% %6.2f%% %9s %9d %6s %5s%n",
						trace.tenants().get(t), plans.rate(t), m.offered[t], m.admitted[t], m.gateRefused[t],
						100 * m.admittedShare(t), m.burstSteps[t],
						100 * ReplayMetrics.share(m.burstAdmitted[t], m.burstOffered[t]),
						100 * ReplayMetrics.share(m.calmAdmitted[t], m.calmOffered[t]),
						m.waitPercentile(t, 0.5) + "/" + m.waitPercentile(t, 0.99), m.granted[t],
						percent(m.used[t], m.granted[t]), multiplier(m.finalMultiplier[t]));
			}
		}
	}

	private static void printOverall(ReplayMetrics m, PrintStream out) {
		long offered = ReplayMetrics.total(m.offered);
		long granted = ReplayMetrics.total(m.granted);
		out.printf(Locale.ROOT, "%-22s %10d %10d %9d %8d %6.2f%% %6.2f%% %6.2f%% %7.3f%% %9s %7d %6.4f %10d %6s%n",
				m.strategy, offered, ReplayMetrics.total(m.admitted), ReplayMetrics.total(m.throttled),
				ReplayMetrics.total(m.gateRefused), 100 * ReplayMetrics.share(ReplayMetrics.total(m.admitted), offered),
				100 * m.burstShare(), 100 * m.calmShare(), 100 * m.calmRefusedShare(),
				m.waitPercentile(-1, 0.5) + "/" + m.waitPercentile(-1, 0.99), m.overrunUnits, m.jain(), granted,
				percent(ReplayMetrics.total(m.used), granted));
	}

	static String json(ReplayResult result) {
		ReplayOptions o = result.options();
		Trace trace = result.trace();
		ReplayPlans plans = result.plans();
		StringBuilder json = new StringBuilder(16_384);
		json.append("{\n  \"protocol\": \"EVALUATION.md admission replay\",\n  \"options\": {");
		field(json, "step_seconds", o.stepSeconds()).append(", ");
		field(json, "warmup_days", o.warmupDays()).append(", ");
		field(json, "seed", o.seed()).append(", ");
		json.append("\"arrivals\": \"").append(o.arrivals().name().toLowerCase(Locale.ROOT)).append("\", ");
		field(json, "capacity_share", o.capacityShare()).append(", ");
		json.append("\"burst_seconds\": [");
		for (int i = 0; i < o.burstSeconds().size(); i++) {
			json.append((i > 0) ? ", " : "").append(number(o.burstSeconds().get(i)));
		}
		json.append("], ");
		field(json, "strategy_burst_seconds", o.strategyBurstSeconds()).append(", ");
		field(json, "reservable_fraction", o.reservableFraction()).append(", ");
		field(json, "reactive_window_steps", o.reactiveWindow()).append(", ");
		json.append("\"adjustment\": ").append(o.adjustment()).append(", ");
		json.append("\"forecasts\": \"")
			.append(o.oracle() ? "oracle" : o.noForecast() ? "off" : "walk-forward")
			.append("\"},\n");
		json.append("  \"scored_steps\": ").append(trace.length() - result.warmupSteps()).append(",\n");
		json.append("  \"warmup_steps\": ").append(result.warmupSteps()).append(",\n");
		json.append("  \"capacity_per_second\": ").append(plans.capacity()).append(",\n");
		json.append("  \"tenants\": [");
		for (int t = 0; t < trace.tenantCount(); t++) {
			json.append((t > 0) ? "," : "")
				.append("\n    {\"name\": \"")
				.append(escape(trace.tenants().get(t)))
				.append("\", ");
			field(json, "rate_per_second", plans.rate(t)).append(", ");
			field(json, "warmup_peak_per_second", plans.peak(t)).append("}");
		}
		json.append("\n  ],\n  \"strategies\": ");
		strategies(json, result.base(), "  ");
		if (result.noisy() != null) {
			int noisy = result.noisyIndex();
			json.append(",\n  \"noisy_neighbour\": {\"tenant\": \"")
				.append(escape(trace.tenants().get(noisy)))
				.append("\", ");
			field(json, "factor", o.noisyFactor()).append(",\n    \"impact\": [");
			for (int i = 0; i < result.base().size(); i++) {
				ReplayMetrics base = result.base().get(i);
				ReplayMetrics flood = result.noisy().get(i);
				json.append((i > 0) ? "," : "")
					.append("\n      {\"strategy\": \"")
					.append(base.strategy)
					.append("\", ");
				field(json, "others_admitted_share_base", base.meanAdmittedShare(noisy)).append(", ");
				field(json, "others_admitted_share_flood", flood.meanAdmittedShare(noisy)).append(", ");
				field(json, "change", flood.meanAdmittedShare(noisy) - base.meanAdmittedShare(noisy)).append(", ");
				field(json, "noisy_admitted_share_flood", flood.admittedShare(noisy)).append("}");
			}
			json.append("\n    ],\n    \"strategies\": ");
			strategies(json, result.noisy(), "    ");
			json.append("\n  }");
		}
		json.append("\n}\n");
		return json.toString();
	}

	private static void strategies(StringBuilder json, List<ReplayMetrics> all, String indent) {
		json.append("[");
		for (int i = 0; i < all.size(); i++) {
			ReplayMetrics m = all.get(i);
			json.append((i > 0) ? "," : "")
				.append("\n")
				.append(indent)
				.append("  {\"name\": \"")
				.append(m.strategy)
				.append("\",\n")
				.append(indent)
				.append("   \"overall\": {");
			long offered = ReplayMetrics.total(m.offered);
			field(json, "offered", offered).append(", ");
			field(json, "admitted", ReplayMetrics.total(m.admitted)).append(", ");
			field(json, "admitted_preallocated", ReplayMetrics.total(m.admittedPreallocated)).append(", ");
			field(json, "throttled", ReplayMetrics.total(m.throttled)).append(", ");
			field(json, "refused_at_gate", ReplayMetrics.total(m.gateRefused)).append(", ");
			field(json, "admitted_share", ReplayMetrics.share(ReplayMetrics.total(m.admitted), offered)).append(", ");
			field(json, "burst_share_mean_over_tenants", m.burstShare()).append(", ");
			field(json, "calm_share_mean_over_tenants", m.calmShare()).append(", ");
			field(json, "calm_refused_at_gate_mean_over_tenants", m.calmRefusedShare()).append(", ");
			field(json, "queue_wait_ms_p50", m.waitPercentile(-1, 0.5)).append(", ");
			field(json, "queue_wait_ms_p99", m.waitPercentile(-1, 0.99)).append(", ");
			field(json, "capacity_overrun_units", m.overrunUnits).append(", ");
			field(json, "capacity_overrun_seconds", m.overrunSeconds).append(", ");
			field(json, "busiest_second", m.busiestSecond).append(", ");
			field(json, "jain_index", m.jain()).append(", ");
			field(json, "reserved_granted", ReplayMetrics.total(m.granted)).append(", ");
			field(json, "reserved_used", ReplayMetrics.total(m.used)).append("},\n");
			json.append(indent).append("   \"tenants\": [");
			for (int t = 0; t < m.tenants.size(); t++) {
				json.append((t > 0) ? "," : "")
					.append("\n")
					.append(indent)
					.append("     {\"name\": \"")
					.append(escape(m.tenants.get(t)))
					.append("\", ");
				field(json, "offered", m.offered[t]).append(", ");
				field(json, "admitted", m.admitted[t]).append(", ");
				field(json, "admitted_preallocated", m.admittedPreallocated[t]).append(", ");
				field(json, "throttled", m.throttled[t]).append(", ");
				field(json, "refused_at_gate", m.gateRefused[t]).append(", ");
				field(json, "admitted_share", m.admittedShare(t)).append(", ");
				field(json, "burst_steps", m.burstSteps[t]).append(", ");
				field(json, "burst_offered", m.burstOffered[t]).append(", ");
				field(json, "burst_admitted", m.burstAdmitted[t]).append(", ");
				field(json, "calm_offered", m.calmOffered[t]).append(", ");
				field(json, "calm_admitted", m.calmAdmitted[t]).append(", ");
				field(json, "calm_refused_at_gate", m.calmRefused[t]).append(", ");
				field(json, "queue_wait_ms_p50", m.waitPercentile(t, 0.5)).append(", ");
				field(json, "queue_wait_ms_p99", m.waitPercentile(t, 0.99)).append(", ");
				field(json, "reserved_granted", m.granted[t]).append(", ");
				field(json, "reserved_used", m.used[t]).append(", ");
				field(json, "final_multiplier", m.finalMultiplier[t]).append("}");
			}
			json.append("\n").append(indent).append("   ]}");
		}
		json.append("\n").append(indent).append("]");
	}

	private static StringBuilder field(StringBuilder json, String name, long value) {
		return json.append('"').append(name).append("\": ").append(value);
	}

	private static StringBuilder field(StringBuilder json, String name, double value) {
		json.append('"').append(name).append("\": ");
		return Double.isFinite(value) ? json.append(String.format(Locale.ROOT, "%.6f", value)) : json.append("null");
	}

	private static String multiplier(double m) {
		return Double.isFinite(m) ? String.format(Locale.ROOT, "%.2f", m) : "-";
	}

	private static String percent(long part, long whole) {
		return (whole > 0) ? String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole) : "-";
	}

	/** A number as short as it reads: {@code 10}, {@code 0.5}. */
	static String number(double value) {
		return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
	}

	private static double sumOfPeaks(ReplayPlans plans) {
		double sum = 0;
		for (int t = 0; t < plans.tenantCount(); t++) {
			sum += plans.peak(t);
		}
		return sum;
	}

	private static String escape(String text) {
		return text.replace("\\", "\\\\").replace("\"", "\\\"");
	}

}
