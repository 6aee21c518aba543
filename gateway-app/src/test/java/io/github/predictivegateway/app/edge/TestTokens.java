package io.github.predictivegateway.app.edge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * An RSA key pair made for one test run, standing in for an identity provider: signs
 * RS256 tokens and writes its public key as the PEM file
 * {@code spring.security.oauth2.resourceserver.jwt.public-key-location} points at.
 */
public final class TestTokens {

	private final KeyPair keys;

	private TestTokens(KeyPair keys) {
		this.keys = keys;
	}

	public static TestTokens generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return new TestTokens(generator.generateKeyPair());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Writes the public key (X.509 SubjectPublicKeyInfo, PEM) to a temporary file and
	 * returns its path.
	 */
	public Path writePublicKeyPem() {
		String pem = "-----BEGIN PUBLIC KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(this.keys.getPublic().getEncoded())
				+ "\n-----END PUBLIC KEY-----\n";
		try {
			Path file = Files.createTempFile("edge-jwt", ".pem");
			Files.writeString(file, pem);
			return file;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A token with the given claims, issued now and valid for {@code expiresAt}. */
	public String sign(Map<String, Object> claims, Instant issuedAt, Instant expiresAt) {
		JWTClaimsSet.Builder set = new JWTClaimsSet.Builder().subject("user-1")
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(expiresAt));
		claims.forEach(set::claim);
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), set.build());
		try {
			jwt.sign(new RSASSASigner((RSAPrivateKey) this.keys.getPrivate()));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

}
