package io.github.predictivegateway.app.edge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away server certificate for {@code 127.0.0.1} and {@code localhost}, made by
 * the JDK's {@code keytool} in a temporary directory, and a client {@link SSLContext}
 * that trusts exactly that certificate.
 */
public final class SelfSignedCertificate {

	public static final String PASSWORD = "changeit";

	public static final String ALIAS = "gateway";

	private final Path keyStore;

	private SelfSignedCertificate(Path keyStore) {
		this.keyStore = keyStore;
	}

	public static SelfSignedCertificate generate() {
		try {
			Path dir = Files.createTempDirectory("edge-tls");
			Path keyStore = dir.resolve("gateway.p12");
			Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
			Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "RSA",
					"-keysize", "2048", "-validity", "2", "-dname", "CN=localhost", "-ext",
					"SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
					"-storepass", PASSWORD, "-keypass", PASSWORD)
				.redirectErrorStream(true)
				.redirectOutput(dir.resolve("keytool.log").toFile())
				.start();
			if (!process.waitFor(Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("keytool did not finish within 60 s");
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException("keytool failed: " + Files.readString(dir.resolve("keytool.log")));
			}
			return new SelfSignedCertificate(keyStore);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Spring Boot properties that serve this certificate on the public port. */
	public List<String> serverProperties() {
		return List.of("server.ssl.key-store=file:" + this.keyStore, "server.ssl.key-store-type=PKCS12",
				"server.ssl.key-store-password=" + PASSWORD, "server.ssl.key-alias=" + ALIAS);
	}

	public Path keyStore() {
		return this.keyStore;
	}

	/** A TLS context that trusts this certificate and nothing else. */
	public SSLContext trustingClientContext() {
		try (InputStream in = Files.newInputStream(this.keyStore)) {
			KeyStore server = KeyStore.getInstance("PKCS12");
			server.load(in, PASSWORD.toCharArray());
			Certificate certificate = server.getCertificate(ALIAS);
			KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
			trust.load(null, null);
			trust.setCertificateEntry(ALIAS, certificate);
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trust);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, factory.getTrustManagers(), null);
			return context;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
