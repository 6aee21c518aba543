package io.github.predictivegateway.forecaster.history;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.Objects;

/**
 * One forecast series: a tenant's demand for one resource type.
 */
public record SeriesId(String tenant, String resource) implements Comparable<SeriesId> {

	private static final Comparator<SeriesId> ORDER = Comparator.comparing(SeriesId::tenant)
		.thenComparing(SeriesId::resource);

	public SeriesId {
		Objects.requireNonNull(tenant, "tenant");
		Objects.requireNonNull(resource, "resource");
	}

	/**
	 * A name safe as a single file-name component whatever the tenant id holds: base64url
	 * of tenant NUL resource.
	 */
	public String fileName() {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((this.tenant + '\0' + this.resource).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The inverse of {@link #fileName()}; {@link IllegalArgumentException} for a name it
	 * did not make.
	 */
	public static SeriesId fromFileName(String name) {
		String decoded = new String(Base64.getUrlDecoder().decode(name), StandardCharsets.UTF_8);
		int nul = decoded.indexOf('\0');
		if (nul < 0) {
			throw new IllegalArgumentException("'" + name + "' is not a series file name");
		}
		return new SeriesId(decoded.substring(0, nul), decoded.substring(nul + 1));
	}

	/** The series name given to the forecasting library. */
	public String label() {
		return this.tenant + "/" + this.resource;
	}

	@Override
	public int compareTo(SeriesId other) {
		return ORDER.compare(this, other);
	}

}
