package io.github.predictivegateway.forecasting.artifact;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.predictivegateway.forecasting.SelectionScore;
import io.github.predictivegateway.forecasting.TrainedModel;
import io.github.predictivegateway.forecasting.interval.ConformalCalibration;
import io.github.predictivegateway.forecasting.interval.RecentCalibration;
import io.github.predictivegateway.forecasting.model.FittingScale;
import io.github.predictivegateway.forecasting.model.ModelKind;
import io.github.predictivegateway.forecasting.model.ModelState;
import io.github.predictivegateway.forecasting.model.ModelStates;
import io.github.predictivegateway.forecasting.model.PointModel;

/**
 * Writes a {@link TrainedModel} as a versioned, line-oriented text file and reads it back
 * with validation.
 *
 * <p>
 * Format {@value #FORMAT} version {@value #VERSION}: UTF-8 {@code key=value} lines
 * (values escaped: {@code \\}, {@code \n}), number arrays as comma-separated
 * {@link Double#toString} values (exact round trip), the model's state under
 * {@code model.} (ensemble members under {@code model.member.<i>.}), the calibration at
 * forecast time under {@code calibration.recent.} when the model has one (an artifact
 * without it is served with its trained calibration alone), and a last line
 * {@code checksum=sha256:<hex>} over every byte before it. Reading rejects, with a reason
 * naming the problem: a missing or wrong checksum (corrupt, truncated or hand-edited
 * files), another format or version, duplicate or unknown-looking keys, non-finite
 * numbers, an unknown model kind, and parameters the model kind does not accept.
 */
public final class ModelArtifactCodec {

	/** Format name on the first line. */
	public static final String FORMAT = "predictive-gateway-forecast-model";

	/** Current format version. */
	public static final int VERSION = 1;

	private static final String CHECKSUM_KEY = "checksum=sha256:";

	private ModelArtifactCodec() {
	}

	/** The artifact text of a model. */
	public static String write(TrainedModel m) {
		StringBuilder sb = new StringBuilder(4096);
		line(sb, "format", FORMAT);
		line(sb, "version", Integer.toString(VERSION));
		line(sb, "series", m.seriesName());
		line(sb, "name", m.name());
		line(sb, "reason", m.reason());
		line(sb, "trainedAt", m.trainedAt().toString());
		line(sb, "dataEndEpochSecond", Long.toString(m.dataEndEpochSecond()));
		line(sb, "stepSeconds", Integer.toString(m.stepSeconds()));
		line(sb, "leader", m.leader() == null ? "" : m.leader());
		line(sb, "leaderLag", Integer.toString(m.leaderLag()));
		line(sb, "score.mase", Double.toString(m.score().mase()));
		line(sb, "score.coverage", Double.toString(m.score().coverage()));
		line(sb, "score.points", Integer.toString(m.score().points()));
		ConformalCalibration c = m.calibration();
		line(sb, "calibration.scale", c.scale().id());
		line(sb, "calibration.level", Double.toString(c.level()));
		line(sb, "calibration.samples", Integer.toString(c.samples()));
		line(sb, "calibration.centre", numbers(c.centre()));
		line(sb, "calibration.lower", numbers(c.lower()));
		line(sb, "calibration.upper", numbers(c.upper()));
		RecentCalibration r = m.recent();
		if (r != null) {
			line(sb, "calibration.recent.window", Integer.toString(r.window()));
			line(sb, "calibration.recent.halfLife", Double.toString(r.halfLife()));
			line(sb, "calibration.recent.minSamples", Integer.toString(r.minSamples()));
			line(sb, "calibration.recent.capRange", Double.toString(r.capRange()));
			line(sb, "calibration.recent.tailScale", Double.toString(r.tailScale()));
		}
		writeState(sb, "model.", m.model().state());
		String checksum = sha256(sb.toString());
		sb.append(CHECKSUM_KEY).append(checksum).append('\n');
		return sb.toString();
	}

	/**
	 * Writes the artifact to a file atomically (temporary file, then rename), so readers
	 * never see half a file.
	 */
	public static void writeFile(TrainedModel m, Path file) throws IOException {
		Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
		Files.writeString(tmp, write(m), StandardCharsets.UTF_8);
		Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/** Reads and validates an artifact file. */
	public static TrainedModel readFile(Path file) throws IOException, ArtifactFormatException {
		return read(Files.readString(file, StandardCharsets.UTF_8));
	}

	/** Parses and validates artifact text. */
	public static TrainedModel read(String text) throws ArtifactFormatException {
		int cut = text.lastIndexOf(CHECKSUM_KEY);
		if (cut < 0 || (cut > 0 && text.charAt(cut - 1) != '\n')) {
			throw new ArtifactFormatException("no checksum line: the file is truncated or not a model artifact");
		}
		String body = text.substring(0, cut);
		String stated = text.substring(cut + CHECKSUM_KEY.length()).strip();
		if (!stated.equals(sha256(body))) {
			throw new ArtifactFormatException("checksum mismatch: the file is corrupt, truncated or was edited");
		}
		Map<String, String> kv = parse(body);
		if (!FORMAT.equals(kv.get("format"))) {
			throw new ArtifactFormatException("not a " + FORMAT + " file (format=" + kv.get("format") + ")");
		}
		int version = integer(kv, "version");
		if (version != VERSION) {
			throw new ArtifactFormatException(
					"unsupported format version " + version + " (this reader knows " + VERSION + ")");
		}
		try {
			String scaleId = require(kv, "calibration.scale");
			FittingScale scale = FittingScale.fromId(scaleId)
				.orElseThrow(() -> new ArtifactFormatException("unknown fitting scale '" + scaleId + "'"));
			ConformalCalibration cal = new ConformalCalibration(scale, number(kv, "calibration.level"),
					numbers(kv, "calibration.centre"), numbers(kv, "calibration.lower"),
					numbers(kv, "calibration.upper"), integer(kv, "calibration.samples"));
			PointModel model = ModelStates.restore(readState(kv, "model."));
			String leader = require(kv, "leader");
			int step = integer(kv, "stepSeconds");
			if (step <= 0) {
				throw new ArtifactFormatException("stepSeconds must be > 0");
			}
			return new TrainedModel(require(kv, "series"), require(kv, "name"), model, cal,
					new SelectionScore(Double.parseDouble(require(kv, "score.mase")),
							Double.parseDouble(require(kv, "score.coverage")), integer(kv, "score.points")),
					require(kv, "reason"), leader.isEmpty() ? null : leader, integer(kv, "leaderLag"),
					Long.parseLong(require(kv, "dataEndEpochSecond")), step, Instant.parse(require(kv, "trainedAt")),
					recent(kv));
		}
		catch (IllegalArgumentException | DateTimeParseException e) {
			throw new ArtifactFormatException("invalid model: " + e.getMessage(), e);
		}
	}

	/** The recent calibration, absent from artifacts of the first release. */
	private static RecentCalibration recent(Map<String, String> kv) throws ArtifactFormatException {
		if (!kv.containsKey("calibration.recent.window")) {
			return null;
		}
		return new RecentCalibration(integer(kv, "calibration.recent.window"),
				number(kv, "calibration.recent.halfLife"), integer(kv, "calibration.recent.minSamples"),
				number(kv, "calibration.recent.capRange"), number(kv, "calibration.recent.tailScale"));
	}

	private static void writeState(StringBuilder sb, String prefix, ModelState s) {
		line(sb, prefix + "kind", s.kind().id());
		s.parameters().forEach((k, v) -> line(sb, prefix + "param." + k, numbers(v)));
		line(sb, prefix + "members", Integer.toString(s.members().size()));
		for (int i = 0; i < s.members().size(); i++) {
			writeState(sb, prefix + "member." + i + ".", s.members().get(i));
		}
	}

	private static ModelState readState(Map<String, String> kv, String prefix) throws ArtifactFormatException {
		String id = require(kv, prefix + "kind");
		ModelKind kind = ModelKind.fromId(id)
			.orElseThrow(() -> new ArtifactFormatException("unknown model kind '" + id + "' at " + prefix));
		Map<String, double[]> params = new LinkedHashMap<>();
		String p = prefix + "param.";
		for (Map.Entry<String, String> e : kv.entrySet()) {
			String key = e.getKey();
			if (key.startsWith(p) && key.indexOf('.', p.length()) < 0) {
				params.put(key.substring(p.length()), numbers(kv, key));
			}
		}
		int count = integer(kv, prefix + "members");
		if (count < 0 || count > 16) {
			throw new ArtifactFormatException(prefix + "members out of range: " + count);
		}
		java.util.List<ModelState> members = new java.util.ArrayList<>();
		for (int i = 0; i < count; i++) {
			members.add(readState(kv, prefix + "member." + i + "."));
		}
		return new ModelState(kind, params, members);
	}

	private static Map<String, String> parse(String body) throws ArtifactFormatException {
		Map<String, String> kv = new LinkedHashMap<>();
		String[] lines = body.split("\n", -1);
		for (int i = 0; i < lines.length; i++) {
			String l = lines[i];
			if (l.isEmpty()) {
				continue;
			}
			int eq = l.indexOf('=');
			if (eq <= 0) {
				throw new ArtifactFormatException("line " + (i + 1) + " is not key=value");
			}
			String key = l.substring(0, eq);
			if (kv.put(key, unescape(l.substring(eq + 1))) != null) {
				throw new ArtifactFormatException("duplicate key '" + key + "'");
			}
		}
		return kv;
	}

	private static String require(Map<String, String> kv, String key) throws ArtifactFormatException {
		String v = kv.get(key);
		if (v == null) {
			throw new ArtifactFormatException("missing key '" + key + "'");
		}
		return v;
	}

	private static int integer(Map<String, String> kv, String key) throws ArtifactFormatException {
		try {
			return Integer.parseInt(require(kv, key));
		}
		catch (NumberFormatException e) {
			throw new ArtifactFormatException("key '" + key + "' is not an integer");
		}
	}

	private static double number(Map<String, String> kv, String key) throws ArtifactFormatException {
		return numbers(kv, key)[0];
	}

	private static double[] numbers(Map<String, String> kv, String key) throws ArtifactFormatException {
		String v = require(kv, key);
		if (v.isEmpty()) {
			return new double[0];
		}
		String[] parts = v.split(",", -1);
		double[] out = new double[parts.length];
		for (int i = 0; i < parts.length; i++) {
			try {
				out[i] = Double.parseDouble(parts[i]);
			}
			catch (NumberFormatException e) {
				throw new ArtifactFormatException("key '" + key + "' value " + i + " is not a number");
			}
			if (!Double.isFinite(out[i])) {
				throw new ArtifactFormatException("key '" + key + "' value " + i + " is not finite");
			}
		}
		return out;
	}

	private static void line(StringBuilder sb, String key, String value) {
		sb.append(key).append('=').append(escape(value)).append('\n');
	}

	private static String numbers(double[] v) {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < v.length; i++) {
			if (i > 0) {
				sb.append(',');
			}
			sb.append(v[i]);
		}
		return sb.toString();
	}

	private static String escape(String s) {
		return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
	}

	private static String unescape(String s) {
		StringBuilder sb = new StringBuilder(s.length());
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c == '\\' && i + 1 < s.length()) {
				char n = s.charAt(++i);
				sb.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
			}
			else {
				sb.append(c);
			}
		}
		return sb.toString();
	}

	private static String sha256(String s) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", e);
		}
	}

}
