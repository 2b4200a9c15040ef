package io.tandem.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed test certificates as PEM files, made by the JDK's own {@code keytool} (always there
 * with the JDK the tests run on), and an {@link SSLContext} that trusts them.
 */
public final class TestCertificates {
    private static final String PASSWORD = "changeit";

    /** One certificate's files and the certificate itself. */
    public record Pem(Path certificate, Path key, X509Certificate x509) {}

    private TestCertificates() {}

    /**
     * An EC P-256 certificate for {@code names} (subjectAltName DNS entries; the first is also the
     * common name), written to {@code dir} as {@code FILE.pem} and {@code FILE.key} (PKCS#8).
     */
    public static Pem create(Path dir, String file, String... names)
            throws IOException, InterruptedException, GeneralSecurityException {
        return create(dir, file, false, names);
    }

    /**
     * An RSA 2048 certificate for {@code names} whose key is written in the traditional PKCS#1 form
     * ({@code RSA PRIVATE KEY}), as {@code openssl genrsa} used to.
     */
    public static Pem createRsaPkcs1(Path dir, String file, String... names)
            throws IOException, InterruptedException, GeneralSecurityException {
        return create(dir, file, true, names);
    }

    private static Pem create(Path dir, String file, boolean rsa, String... names)
            throws IOException, InterruptedException, GeneralSecurityException {
        Path store = dir.resolve(file + ".p12");
        List<String> san = new ArrayList<>();
        for (String n : names) {
            san.add("dns:" + n);
        }
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p =
                new ProcessBuilder(
                                keytool.toString(),
                                "-genkeypair",
                                "-alias",
                                "server",
                                "-keyalg",
                                rsa ? "RSA" : "EC",
                                rsa ? "-keysize" : "-groupname",
                                rsa ? "2048" : "secp256r1",
                                "-dname",
                                "CN=" + names[0],
                                "-ext",
                                "SAN=" + String.join(",", san),
                                "-validity",
                                "3",
                                "-storetype",
                                "PKCS12",
                                "-keystore",
                                store.toString(),
                                "-storepass",
                                PASSWORD,
                                "-keypass",
                                PASSWORD)
                        .redirectErrorStream(true)
                        .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        X509Certificate cert = (X509Certificate) ks.getCertificate("server");
        PrivateKey key = (PrivateKey) ks.getKey("server", PASSWORD.toCharArray());
        Path certFile = dir.resolve(file + ".pem");
        Path keyFile = dir.resolve(file + ".key");
        Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(
                keyFile,
                rsa
                        ? pem("RSA PRIVATE KEY", pkcs1(key.getEncoded()))
                        : pem("PRIVATE KEY", key.getEncoded()));
        return new Pem(certFile, keyFile, cert);
    }

    /** A client context that trusts exactly {@code certificates}. */
    public static SSLContext trusting(X509Certificate... certificates)
            throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < certificates.length; i++) {
            trust.setCertificateEntry("c" + i, certificates[i]);
        }
        TrustManagerFactory tmf =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /** The RSAPrivateKey inside a PKCS#8 PrivateKeyInfo: the content of its OCTET STRING. */
    private static byte[] pkcs1(byte[] pkcs8) {
        // SEQUENCE (long length), INTEGER 0, the 15-byte rsaEncryption AlgorithmIdentifier, then
        // OCTET STRING with a two-byte length: fixed offsets for RSA 2048.
        int octet = 4 + 3 + 15;
        if (pkcs8[octet] != 0x04 || pkcs8[octet + 1] != (byte) 0x82) {
            throw new IllegalStateException("unexpected PKCS#8 layout");
        }
        return java.util.Arrays.copyOfRange(pkcs8, octet + 4, pkcs8.length);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN "
                + type
                + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END "
                + type
                + "-----\n";
    }
}
