package io.github.predictivegateway.forecasting.artifact;

/**
 * A model artifact that cannot be trusted: corrupt, truncated, edited by hand, or of an
 * unknown version or kind.
 */
public class ArtifactFormatException extends Exception {

	private static final long serialVersionUID = 1L;

	public ArtifactFormatException(String message) {
		super(message);
	}

	public ArtifactFormatException(String message, Throwable cause) {
		super(message, cause);
	}

}
