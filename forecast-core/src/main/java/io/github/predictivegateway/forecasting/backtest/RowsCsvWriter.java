package io.github.predictivegateway.forecasting.backtest;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes forecast rows as {@code series,model,origin_index,h,actual,mean,lower,upper},
 * the format the reference scorer reads, then the quantile columns
 * {@code q0.5,q0.9,q0.95,q0.975,q0.99} (which it ignores). Numbers use
 * {@link Double#toString}, which round-trips exactly.
 */
public final class RowsCsvWriter {

	/** The header line. */
	public static final String HEADER = "series,model,origin_index,h,actual,mean,lower,upper,q0.5,q0.9,q0.95,q0.975,q0.99";

	private final Writer out;

	public RowsCsvWriter(Writer out) throws IOException {
		this.out = out;
		out.write(HEADER);
		out.write('\n');
	}

	/** Appends rows. */
	public void write(Iterable<ForecastRow> rows) throws IOException {
		StringBuilder sb = new StringBuilder(128);
		for (ForecastRow r : rows) {
			sb.setLength(0);
			sb.append(quote(r.series()))
				.append(',')
				.append(quote(r.model()))
				.append(',')
				.append(r.originIndex())
				.append(',')
				.append(r.h())
				.append(',')
				.append(r.actual())
				.append(',')
				.append(r.mean())
				.append(',')
				.append(r.lower())
				.append(',')
				.append(r.upper());
			double[] q = r.quantiles();
			for (int i = 0; i < ForecastRow.QUANTILE_LEVELS.length; i++) {
				sb.append(',');
				if (q.length > 0) {
					sb.append(q[i]);
				}
			}
			sb.append('\n');
			out.write(sb.toString());
		}
	}

	private static String quote(String s) {
		if (s.indexOf(',') < 0 && s.indexOf('"') < 0) {
			return s;
		}
		return '"' + s.replace("\"", "\"\"") + '"';
	}

}
