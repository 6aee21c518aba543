package io.github.predictivegateway.bench.replay;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.github.predictivegateway.bench.replay.ReplayCommand.ReplayResult;

/**
 * The replay's HTML report ({@code replay --html report.html}): one self-contained page,
 * nothing fetched from elsewhere (no CDN, no font, no image), so it opens from a file or
 * an attachment. Per tenant, two charts over the scored steps: the demand, the forecast
 * band (lower to upper bound of the one-step-ahead forecast the predictive strategy was
 * given; none with {@code --no-forecast}) and what each strategy admitted; then what each
 * strategy throttled ({@code 429}). Below them, the summary table of the printed report.
 *
 * <p>
 * The figures are embedded as one JSON document; a short script draws them as inline SVG
 * when the page opens, and marks each chart with the number of series it drew
 * ({@code data-drawn}) and of steps ({@code data-points}).
 */
final class ReplayHtml {

	/** One colour per strategy, in the report's order (token buckets first). */
	private static final List<String> COLOURS = List.of("#9c6b4e", "#c77cb5", "#8a8a8a", "#b8b82e", "#e8822a",
			"#1f6fb4", "#2ca02c", "#d62728");

	private ReplayHtml() {
	}

	static String page(ReplayResult result) {
		Trace trace = result.trace();
		StringBuilder html = new StringBuilder(64 * 1024);
		html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
			.append("<title>Admission replay</title>\n<style>\n")
			.append("body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:960px}\n")
			.append("h1{font-size:20px}h2{font-size:16px;margin:28px 0 4px}h3{font-size:13px;font-weight:normal;")
			.append("margin:8px 0 2px;color:#555}\n")
			.append("table{border-collapse:collapse;font-size:12px;margin-top:8px}")
			.append("td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}th{background:#f3f3f3}")
			.append("td:first-child,th:first-child{text-align:left}\n")
			.append(".legend{font-size:12px;margin:6px 0}.legend span{display:inline-block;margin-right:14px}")
			.append(".swatch{display:inline-block;width:14px;height:3px;vertical-align:middle;margin-right:4px}\n")
			.append("svg{display:block}svg text{font-size:10px;fill:#555}\n</style>\n</head>\n<body>\n");
		html.append("<h1>Admission replay</h1>\n<p>")
			.append(trace.tenantCount())
			.append(" tenants, ")
			.append(trace.length() - result.warmupSteps())
			.append(" scored steps of ")
			.append(trace.stepSeconds())
			.append(" s from ")
			.append(Instant.ofEpochSecond(trace.startEpochSecond() + (long) result.warmupSteps() * trace.stepSeconds()))
			.append(" after ")
			.append(result.warmupSteps())
			.append(" warm-up steps; capacity ")
			.append(result.plans().capacity())
			.append(" requests/s; forecasts: ")
			.append(result.options().oracle() ? "oracle (the actual demand)"
					: result.options().noForecast() ? "off" : "walk-forward")
			.append(". Requests per step.</p>\n");
		html.append("<div class=\"legend\" id=\"legend\">")
			.append("<span><i class=\"swatch\" style=\"background:#000\"></i>demand</span>")
			.append("<span><i class=\"swatch\" style=\"background:#1f6fb455;height:10px\"></i>forecast band</span>");
		for (int i = 0; i < result.base().size(); i++) {
			html.append("<span><i class=\"swatch\" style=\"background:")
				.append(colour(i))
				.append("\"></i>")
				.append(escape(result.base().get(i).strategy))
				.append("</span>");
		}
		html.append("</div>\n");
		for (int t = 0; t < trace.tenantCount(); t++) {
			html.append("<h2>")
				.append(escape(trace.tenants().get(t)))
				.append("</h2>\n<h3>demand, forecast band and admitted</h3>\n<div class=\"chart\" id=\"admitted-")
				.append(t)
				.append("\"></div>\n<h3>throttled (429)</h3>\n<div class=\"chart\" id=\"throttled-")
				.append(t)
				.append("\"></div>\n");
		}
		summary(html, result);
		html.append("<script type=\"application/json\" id=\"replay-data\">")
			.append(data(result).replace("</", "<\\/"))
			.append("</script>\n<script>\n")
			.append(SCRIPT)
			.append("</script>\n</body>\n</html>\n");
		return html.toString();
	}

	private static void summary(StringBuilder html, ReplayResult result) {
		html.append("<h2>Summary</h2>\n<table id=\"summary\">\n<tr><th>strategy</th><th>offered</th><th>admitted</th>")
			.append("<th>throttled</th><th>503</th><th>admitted %</th><th>burst %</th><th>calm %</th>")
			.append("<th>wait p50/p99 ms</th><th>Jain</th><th>reserved</th><th>used %</th></tr>\n");
		for (ReplayMetrics m : result.base()) {
			long offered = ReplayMetrics.total(m.offered);
			long granted = ReplayMetrics.total(m.granted);
			long used = ReplayMetrics.total(m.used);
			html.append("<tr><td>")
				.append(escape(m.strategy))
				.append("</td><td>")
				.append(offered)
				.append("</td><td>")
				.append(ReplayMetrics.total(m.admitted))
				.append("</td><td>")
				.append(ReplayMetrics.total(m.throttled))
				.append("</td><td>")
				.append(ReplayMetrics.total(m.gateRefused))
				.append("</td><td>")
				.append(percent(ReplayMetrics.share(ReplayMetrics.total(m.admitted), offered)))
				.append("</td><td>")
				.append(percent(m.burstShare()))
				.append("</td><td>")
				.append(percent(m.calmShare()))
				.append("</td><td>")
				.append(m.waitPercentile(-1, 0.5))
				.append('/')
				.append(m.waitPercentile(-1, 0.99))
				.append("</td><td>")
				.append(String.format(Locale.ROOT, "%.4f", m.jain()))
				.append("</td><td>")
				.append(granted)
				.append("</td><td>")
				.append((granted > 0) ? percent((double) used / granted) : "-")
				.append("</td></tr>\n");
		}
		html.append("</table>\n");
	}

	/** The figures the script draws, as JSON. */
	static String data(ReplayResult result) {
		Trace trace = result.trace();
		int from = result.warmupSteps();
		StringBuilder json = new StringBuilder(32 * 1024);
		json.append("{\"strategies\":[");
		for (int i = 0; i < result.base().size(); i++) {
			json.append((i > 0) ? "," : "")
				.append("{\"name\":\"")
				.append(jsonEscape(result.base().get(i).strategy))
				.append("\",\"colour\":\"")
				.append(colour(i))
				.append("\"}");
		}
		json.append("],\"tenants\":[");
		for (int t = 0; t < trace.tenantCount(); t++) {
			json.append((t > 0) ? "," : "")
				.append("{\"name\":\"")
				.append(jsonEscape(trace.tenants().get(t)))
				.append("\",\"demand\":[");
			for (int s = from; s < trace.length(); s++) {
				json.append((s > from) ? "," : "").append(trace.count(t, s));
			}
			json.append("]");
			StepForecasts forecasts = result.forecasts();
			if (forecasts != null) {
				json.append(",\"lower\":[");
				for (int s = from; s < trace.length(); s++) {
					json.append((s > from) ? "," : "").append(decimal(forecasts.lower(t, s)));
				}
				json.append("],\"upper\":[");
				for (int s = from; s < trace.length(); s++) {
					json.append((s > from) ? "," : "").append(decimal(forecasts.upper(t, s)));
				}
				json.append("]");
			}
			json.append(",\"admitted\":[");
			for (int i = 0; i < result.base().size(); i++) {
				json.append((i > 0) ? "," : "");
				series(json, result.base().get(i).admittedByStep[t]);
			}
			json.append("],\"throttled\":[");
			for (int i = 0; i < result.base().size(); i++) {
				json.append((i > 0) ? "," : "");
				series(json, result.base().get(i).throttledByStep[t]);
			}
			json.append("]}");
		}
		json.append("]}");
		return json.toString();
	}

	private static void series(StringBuilder json, long[] values) {
		json.append('[');
		for (int i = 0; i < values.length; i++) {
			json.append((i > 0) ? "," : "").append(values[i]);
		}
		json.append(']');
	}

	private static String colour(int strategy) {
		return COLOURS.get(Math.min(strategy, COLOURS.size() - 1));
	}

	private static String decimal(double value) {
		return Double.isFinite(value) ? String.format(Locale.ROOT, "%.2f", value) : "0";
	}

	private static String percent(double share) {
		return Double.isFinite(share) ? String.format(Locale.ROOT, "%.2f", 100 * share) : "-";
	}

	static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	private static String jsonEscape(String text) {
		StringBuilder out = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				default -> {
					if (c < 0x20) {
						out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.toString();
	}

	/** Draws every chart from the embedded JSON as inline SVG. */
	private static final String SCRIPT = """
			(function () {
			  var data = JSON.parse(document.getElementById('replay-data').textContent);
			  var NS = 'http://www.w3.org/2000/svg';
			  function el(name, attrs, parent) {
			    var e = document.createElementNS(NS, name);
			    for (var k in attrs) { e.setAttribute(k, attrs[k]); }
			    if (parent) { parent.appendChild(e); }
			    return e;
			  }
			  function label(v) { return v >= 1000 ? (v / 1000).toFixed(1) + 'k' : String(Math.round(v * 10) / 10); }
			  function draw(container, lines, band) {
			    var W = 900, H = 200, L = 44, R = 8, T = 8, B = 18;
			    var n = lines[0].values.length, max = 1, i, j;
			    for (i = 0; i < lines.length; i++) { for (j = 0; j < n; j++) { max = Math.max(max, lines[i].values[j]); } }
			    if (band) { for (j = 0; j < n; j++) { max = Math.max(max, band.upper[j]); } }
			    function x(k) { return (L + (W - L - R) * (n <= 1 ? 0 : k / (n - 1))).toFixed(1); }
			    function y(v) { return (T + (H - T - B) * (1 - v / max)).toFixed(1); }
			    var svg = el('svg', { viewBox: '0 0 ' + W + ' ' + H, width: W, height: H }, container);
			    el('line', { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: '#999' }, svg);
			    el('line', { x1: L, y1: T, x2: L, y2: H - B, stroke: '#999' }, svg);
			    [0, 0.5, 1].forEach(function (f) {
			      var t = el('text', { x: L - 4, y: Number(y(max * f)) + 3, 'text-anchor': 'end' }, svg);
			      t.textContent = label(max * f);
			    });
			    var first = el('text', { x: L, y: H - 4 }, svg); first.textContent = 'step 1';
			    var last = el('text', { x: W - R, y: H - 4, 'text-anchor': 'end' }, svg); last.textContent = 'step ' + n;
			    var drawn = 0;
			    if (band) {
			      var pts = [];
			      for (j = 0; j < n; j++) { pts.push(x(j) + ',' + y(band.upper[j])); }
			      for (j = n - 1; j >= 0; j--) { pts.push(x(j) + ',' + y(band.lower[j])); }
			      el('polygon', { points: pts.join(' '), fill: '#1f6fb4', 'fill-opacity': 0.2, stroke: 'none',
			        'class': 'band' }, svg);
			      drawn++;
			    }
			    for (i = 0; i < lines.length; i++) {
			      var p = [];
			      for (j = 0; j < n; j++) { p.push(x(j) + ',' + y(lines[i].values[j])); }
			      el('polyline', { points: p.join(' '), fill: 'none', stroke: lines[i].colour,
			        'stroke-width': lines[i].width || 1.2, 'class': 'series' }, svg);
			      drawn++;
			    }
			    container.setAttribute('data-drawn', drawn);
			    container.setAttribute('data-points', n);
			  }
			  data.tenants.forEach(function (tenant, t) {
			    var admitted = [{ values: tenant.demand, colour: '#000', width: 2 }];
			    var throttled = [];
			    data.strategies.forEach(function (s, i) {
			      admitted.push({ values: tenant.admitted[i], colour: s.colour });
			      throttled.push({ values: tenant.throttled[i], colour: s.colour });
			    });
			    draw(document.getElementById('admitted-' + t), admitted,
			      tenant.upper ? { lower: tenant.lower, upper: tenant.upper } : null);
			    draw(document.getElementById('throttled-' + t), throttled, null);
			  });
			  document.body.setAttribute('data-charts', 2 * data.tenants.length);
			})();
			""";

}
