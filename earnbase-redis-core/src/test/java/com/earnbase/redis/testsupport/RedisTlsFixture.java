package com.earnbase.redis.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import com.earnbase.redis.RedisClient;
import com.earnbase.redis.RedisClientBuilder;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;

/**
 * A TLS-only {@code redis-server} ({@code --port 0 --tls-port P}) with a CA and
 * certificates that {@code openssl} generates at test time in a temporary directory
 * (nothing is committed). The server certificate names {@code 127.0.0.1} and
 * {@code localhost}, so the client verifies the peer fully. A second, unrelated CA is
 * there to prove that a wrong trust store fails; a client certificate is there for mutual
 * TLS.
 * <p>
 * As a {@link RedisTopology} its clients trust the CA (and present the client certificate
 * when mutual); its application properties use a PEM SSL bundle named {@value #BUNDLE}.
 */
public final class RedisTlsFixture implements RedisTopology {

	/** The name of the SSL bundle in {@link #applicationProperties()}. */
	public static final String BUNDLE = "earnbase-redis-test";

	/**
	 * Password of the generated client key store (a throw-away key made for this run).
	 */
	private static final char[] STORE_PASSWORD = "changeit".toCharArray();

	private static final SharedFixture<RedisTlsFixture> SHARED = new SharedFixture<>(
			() -> new RedisTlsFixture(certificates(), false));

	private static final SharedFixture<RedisTlsFixture> SHARED_MUTUAL = new SharedFixture<>(
			() -> new RedisTlsFixture(certificates(), true));

	private static Certificates certificates;

	private final Certificates files;

	private final boolean mutual;

	private final RedisServerProcess process;

	private final ReentrantLock rawLock = new ReentrantLock();

	/**
	 * Held for the JVM's lifetime: a client collected under its open connection is
	 * finalized un-shut-down.
	 */
	private io.lettuce.core.RedisClient rawClient;

	private StatefulRedisConnection<String, String> rawConnection;

	private RedisTlsFixture(Certificates files, boolean mutual) {
		this.files = files;
		this.mutual = mutual;
		int port = RedisServerProcess.freePort();
		// Later arguments win: "--port 0" turns the plain port off.
		this.process = RedisServerProcess.startOnPort(port, "--port", "0", "--tls-port", String.valueOf(port),
				"--tls-cert-file", files.serverCertificate().toString(), "--tls-key-file", files.serverKey().toString(),
				"--tls-ca-cert-file", files.caCertificate().toString(), "--tls-auth-clients", mutual ? "yes" : "no");
	}

	/**
	 * The JVM-wide TLS server that needs no client certificate, started on first use.
	 * @return the server
	 */
	public static RedisTlsFixture shared() {
		return SHARED.get();
	}

	/**
	 * The JVM-wide TLS server that demands a client certificate signed by the CA (mutual
	 * TLS).
	 * @return the server
	 */
	public static RedisTlsFixture sharedMutual() {
		return SHARED_MUTUAL.get();
	}

	private static Certificates certificates() {
		if (certificates == null) {
			certificates = Certificates.generate();
		}
		return certificates;
	}

	@Override
	public String name() {
		return this.mutual ? "mutual-tls" : "tls";
	}

	/**
	 * The server's URL, {@code rediss://127.0.0.1:port}.
	 * @return the URL
	 */
	public String url() {
		return "rediss://127.0.0.1:" + this.process.port();
	}

	/**
	 * The server process.
	 * @return the process
	 */
	public RedisServerProcess process() {
		return this.process;
	}

	/**
	 * The CA that signed the server's and the client's certificates (PEM).
	 * @return the file
	 */
	public Path caCertificate() {
		return this.files.caCertificate();
	}

	/**
	 * A CA that signed nothing here (PEM), for wrong-trust tests.
	 * @return the file
	 */
	public Path otherCaCertificate() {
		return this.files.otherCaCertificate();
	}

	/**
	 * The client certificate for mutual TLS (PEM).
	 * @return the file
	 */
	public Path clientCertificate() {
		return this.files.clientCertificate();
	}

	/**
	 * The client certificate's private key (PEM, PKCS#8).
	 * @return the file
	 */
	public Path clientKey() {
		return this.files.clientKey();
	}

	/**
	 * Trust managers that trust the server's CA.
	 * @return the factory
	 */
	public TrustManagerFactory trustManagers() {
		return trustManagers(caCertificate());
	}

	/**
	 * Trust managers that trust exactly one CA.
	 * @param caCertificate the CA certificate (PEM)
	 * @return the factory
	 */
	public static TrustManagerFactory trustManagers(Path caCertificate) {
		try (InputStream in = Files.newInputStream(caCertificate)) {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(store);
			return factory;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("cannot load " + caCertificate, ex);
		}
	}

	/**
	 * Key managers holding the client certificate, for mutual TLS.
	 * @return the factory
	 */
	public KeyManagerFactory clientKeyManagers() {
		try (InputStream in = Files.newInputStream(this.files.clientKeyStore())) {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(in, STORE_PASSWORD);
			KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			factory.init(store, STORE_PASSWORD);
			return factory;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("cannot load the client key store", ex);
		}
	}

	@Override
	public RedisClientBuilder clientBuilder() {
		return RedisClient.builder().url(url()).ssl(trustManagers(), this.mutual ? clientKeyManagers() : null);
	}

	@Override
	public List<String> applicationProperties() {
		String bundle = "spring.ssl.bundle.pem." + BUNDLE;
		List<String> properties = new ArrayList<>(List.of("earnbase.redis.url=" + url(),
				"earnbase.redis.ssl.bundle=" + BUNDLE, bundle + ".truststore.certificate=file:" + caCertificate()));
		if (this.mutual) {
			properties.add(bundle + ".keystore.certificate=file:" + clientCertificate());
			properties.add(bundle + ".keystore.private-key=file:" + clientKey());
		}
		return properties;
	}

	@Override
	public RedisCommands<String, String> raw() {
		this.rawLock.lock();
		try {
			if (this.rawConnection == null) {
				this.rawClient = io.lettuce.core.RedisClient.create(RedisURI.create(url()));
				SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider().trustManager(trustManagers());
				if (this.mutual) {
					ssl.keyManager(clientKeyManagers());
				}
				this.rawClient.setOptions(ClientOptions.builder().sslOptions(ssl.build()).build());
				this.rawConnection = this.rawClient.connect(StringCodec.UTF8);
			}
			return this.rawConnection.sync();
		}
		finally {
			this.rawLock.unlock();
		}
	}

	/** The PEM files of one run, made by {@code openssl}. */
	record Certificates(Path directory) {

		static Certificates generate() {
			try {
				Path directory = Files.createTempDirectory("earnbase-redis-tls-");
				Certificates files = new Certificates(directory);
				files.openssl("req", "-x509", "-new", "-nodes", "-newkey", "rsa:2048", "-keyout", "ca.key", "-out",
						"ca.crt", "-days", "2", "-subj", "/CN=earnbase test CA");
				files.openssl("req", "-x509", "-new", "-nodes", "-newkey", "rsa:2048", "-keyout", "other-ca.key",
						"-out", "other-ca.crt", "-days", "2", "-subj", "/CN=earnbase other CA");
				Files.writeString(directory.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
				files.signed("server", "/CN=127.0.0.1", "server.ext");
				Files.writeString(directory.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
				files.signed("client", "/CN=earnbase test client", "client.ext");
				files.openssl("pkcs12", "-export", "-in", "client.crt", "-inkey", "client.key", "-out", "client.p12",
						"-passout", "pass:" + new String(STORE_PASSWORD));
				return files;
			}
			catch (IOException ex) {
				throw new IllegalStateException("cannot write the certificates", ex);
			}
		}

		private void signed(String name, String subject, String extensions) {
			openssl("req", "-new", "-nodes", "-newkey", "rsa:2048", "-keyout", name + ".key", "-out", name + ".csr",
					"-subj", subject);
			openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
					"-out", name + ".crt", "-days", "2", "-extfile", extensions);
		}

		private void openssl(String... arguments) {
			List<String> command = new ArrayList<>(List.of("openssl"));
			command.addAll(List.of(arguments));
			try {
				Process process = new ProcessBuilder(command).directory(this.directory.toFile())
					.redirectErrorStream(true)
					.start();
				String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
					throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException("The TLS tests need openssl on the PATH: " + ex.getMessage(), ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		Path caCertificate() {
			return this.directory.resolve("ca.crt");
		}

		Path otherCaCertificate() {
			return this.directory.resolve("other-ca.crt");
		}

		Path serverCertificate() {
			return this.directory.resolve("server.crt");
		}

		Path serverKey() {
			return this.directory.resolve("server.key");
		}

		Path clientCertificate() {
			return this.directory.resolve("client.crt");
		}

		Path clientKey() {
			return this.directory.resolve("client.key");
		}

		Path clientKeyStore() {
			return this.directory.resolve("client.p12");
		}

	}

}
