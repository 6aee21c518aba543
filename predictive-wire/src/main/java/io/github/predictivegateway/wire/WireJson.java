package io.github.predictivegateway.wire;

import java.io.ByteArrayOutputStream;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON both codecs read and write with: fields a reader does not know are ignored,
 * and non-numeric numbers ({@code NaN}, {@code Infinity}) are read as numbers, so that
 * validation, not parsing, refuses them.
 */
final class WireJson {

	static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	/**
	 * {@link #MAPPER} without coercions between JSON types: a floating-point number is
	 * not read as a whole number (it would be truncated), a number or boolean not as a
	 * string, a string not as a number. For the usage batch, which anyone who can reach
	 * the intake may send.
	 */
	static final JsonMapper STRICT_MAPPER = JsonMapper.builder()
		.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
		.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
		.withCoercionConfig(LogicalType.Textual,
				config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
		.withCoercionConfig(LogicalType.Integer,
				config -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
		.withCoercionConfig(LogicalType.Float,
				config -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
		.withCoercionConfig(LogicalType.Collection,
				config -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
		.build();

	private WireJson() {
	}

	/** What {@code writer} generates, as UTF-8 bytes. */
	static byte[] write(int sizeHint, Consumer<JsonGenerator> writer) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
		try (JsonGenerator json = MAPPER.createGenerator(out)) {
			writer.accept(json);
		}
		return out.toByteArray();
	}

	/**
	 * A {@code java.time} value parsed from text, or {@code null} for no text or text
	 * that is not one.
	 */
	static <T> @Nullable T parsed(@Nullable String text, Function<CharSequence, T> parser) {
		if (text == null) {
			return null;
		}
		try {
			return parser.apply(text);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
