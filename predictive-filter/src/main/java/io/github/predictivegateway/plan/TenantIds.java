package io.github.predictivegateway.plan;

import java.text.Normalizer;

/**
 * The one form of a tenant id, wherever it is read (a request, the configuration, the
 * actuator's {@code ?tenant=}) and wherever it goes (buckets, Redis keys, usage records,
 * meters): the id's Unicode characters in Normalization Form C. So "café" typed with a
 * precomposed é and "café" with e and a combining accent are one tenant, and a configured
 * tenant matches requests whichever form either was written in. Ids in ASCII are returned
 * as they are, without a copy.
 *
 * <p>
 * How the characters are read off the wire is the resolver's part: the header resolver
 * takes the header's bytes as UTF-8.
 */
public final class TenantIds {

	private TenantIds() {
	}

	/** {@code id} in Normalization Form C. */
	public static String canonical(String id) {
		for (int i = 0; i < id.length(); i++) {
			if (id.charAt(i) >= 0x80) {
				return Normalizer.isNormalized(id, Normalizer.Form.NFC) ? id
						: Normalizer.normalize(id, Normalizer.Form.NFC);
			}
		}
		return id;
	}

}
