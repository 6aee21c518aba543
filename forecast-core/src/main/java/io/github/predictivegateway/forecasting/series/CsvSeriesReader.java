package io.github.predictivegateway.forecasting.series;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a usage CSV (header, timestamp column, one or more numeric columns) and resamples
 * every column to a fixed step exactly as the backtest protocol does.
 *
 * <p>
 * Resampling rule (EVALUATION.md, {@code load} in {@code score_forecasts.py}): with
 * {@code t0} the first timestamp floored to a multiple of the step since the epoch, value
 * {@code v} at time {@code t} is added to step {@code floor((t - t0) / step)}; the series
 * runs to the step of the last timestamp; steps without rows are 0. Rows with an empty
 * cell are skipped for that column only.
 */
public final class CsvSeriesReader {

	private final int stepSeconds;

	public CsvSeriesReader(int stepSeconds) {
		if (stepSeconds <= 0) {
			throw new IllegalArgumentException("step must be > 0 seconds, was " + stepSeconds);
		}
		this.stepSeconds = stepSeconds;
	}

	/**
	 * Reads a file; series are named by the file's base name, plus {@code :column} when
	 * there are several columns.
	 */
	public List<SeriesHistory> read(Path file) throws IOException {
		String base = file.getFileName().toString();
		int dot = base.lastIndexOf('.');
		if (dot > 0) {
			base = base.substring(0, dot);
		}
		try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			return read(base, r);
		}
	}

	/** Reads CSV text from a reader; see {@link #read(Path)} for naming. */
	public List<SeriesHistory> read(String baseName, Reader reader) throws IOException {
		BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
		String header = in.readLine();
		if (header == null) {
			throw new IOException(baseName + ": empty file");
		}
		String[] names = header.split(",", -1);
		int columns = names.length - 1;
		if (columns < 1) {
			throw new IOException(baseName + ": need a timestamp column and at least one value column");
		}
		List<long[]> times = new ArrayList<>();
		List<double[]> rows = new ArrayList<>();
		String line;
		int lineNo = 1;
		while ((line = in.readLine()) != null) {
			lineNo++;
			if (line.isBlank()) {
				continue;
			}
			String[] cells = line.split(",", -1);
			long micros;
			try {
				micros = Timestamps.parseEpochMicros(cells[0]);
			}
			catch (IllegalArgumentException e) {
				throw new IOException(baseName + " line " + lineNo + ": " + e.getMessage(), e);
			}
			double[] v = new double[columns];
			for (int c = 0; c < columns; c++) {
				String cell = c + 1 < cells.length ? cells[c + 1].strip() : "";
				v[c] = cell.isEmpty() ? Double.NaN : parseNumber(cell, baseName, lineNo);
			}
			times.add(new long[] { micros });
			rows.add(v);
		}
		List<SeriesHistory> out = new ArrayList<>(columns);
		for (int c = 0; c < columns; c++) {
			String name = columns == 1 ? baseName : baseName + ":" + names[c + 1].strip();
			out.add(resample(name, times, rows, c));
		}
		return out;
	}

	private SeriesHistory resample(String name, List<long[]> times, List<double[]> rows, int column)
			throws IOException {
		long stepMicros = stepSeconds * 1_000_000L;
		int first = -1;
		int last = -1;
		for (int i = 0; i < rows.size(); i++) {
			if (!Double.isNaN(rows.get(i)[column])) {
				if (first < 0) {
					first = i;
				}
				last = i;
			}
		}
		if (first < 0) {
			throw new IOException(name + ": no values");
		}
		long t0 = Math.floorDiv(times.get(first)[0], stepMicros) * stepMicros;
		long span = Math.floorDiv(times.get(last)[0] - t0, stepMicros);
		if (span < 0 || span >= Integer.MAX_VALUE) {
			throw new IOException(name + ": timestamps are not in increasing order or span too long");
		}
		double[] y = new double[(int) span + 1];
		for (int i = first; i <= last; i++) {
			double v = rows.get(i)[column];
			if (Double.isNaN(v)) {
				continue;
			}
			long idx = Math.floorDiv(times.get(i)[0] - t0, stepMicros);
			if (idx < 0 || idx >= y.length) {
				throw new IOException(name + ": timestamp out of order at data row " + (i + 1));
			}
			y[(int) idx] += v;
		}
		return new SeriesHistory(name, t0 / 1_000_000L, stepSeconds, y);
	}

	private static double parseNumber(String cell, String name, int lineNo) throws IOException {
		try {
			double v = Double.parseDouble(cell);
			if (!Double.isFinite(v)) {
				throw new NumberFormatException("not finite");
			}
			return v;
		}
		catch (NumberFormatException e) {
			throw new IOException(name + " line " + lineNo + ": not a number: '" + cell + "'", e);
		}
	}

}
