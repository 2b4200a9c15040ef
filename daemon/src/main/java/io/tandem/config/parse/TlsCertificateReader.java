package io.tandem.config.parse;

import io.tandem.config.SourcePosition;
import io.tandem.config.TlsCertificate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;

/**
 * Reads a {@code tls_certificate} / {@code tls_key} pair of PEM files and checks that they belong
 * together, so that {@code tandem check} finds a bad file before a listener would. Written with the
 * JDK's own X.509 and key classes (the config packages may not use Netty); the JDK's PEM API is
 * still a preview in Java 25.
 */
final class TlsCertificateReader {
    private static final Pattern BLOCK =
            Pattern.compile(
                    "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    // DER of PKCS#8's AlgorithmIdentifier for rsaEncryption, to wrap a PKCS#1 "RSA PRIVATE KEY".
    private static final byte[] RSA_ALGORITHM = {
        0x30,
        0x0d,
        0x06,
        0x09,
        0x2a,
        (byte) 0x86,
        0x48,
        (byte) 0x86,
        (byte) 0xf7,
        0x0d,
        0x01,
        0x01,
        0x01,
        0x05,
        0x00
    };

    private TlsCertificateReader() {}

    /**
     * The certificate of {@code certFile} with the key of {@code keyFile}, or empty after an error
     * was reported at the token that names the faulty file.
     */
    static Optional<TlsCertificate> read(
            Token certFile, Token keyFile, SourcePosition at, ValueReader values) {
        Path certPath = resolve(certFile);
        Path keyPath = resolve(keyFile);
        List<X509Certificate> chain;
        try {
            chain = certificates(Files.readAllBytes(certPath));
        } catch (IOException | CertificateException | IllegalArgumentException e) {
            values.error(certFile, "tls_certificate " + certPath + ": " + reason(e));
            return Optional.empty();
        }
        X509Certificate leaf = chain.getFirst();
        PrivateKey key;
        try {
            key = privateKey(Files.readAllBytes(keyPath), leaf.getPublicKey());
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            values.error(keyFile, "tls_key " + keyPath + ": " + reason(e));
            return Optional.empty();
        }
        if (!matches(key, leaf.getPublicKey())) {
            values.error(
                    keyFile,
                    "tls_key "
                            + keyPath
                            + " does not belong to the certificate in "
                            + certPath
                            + " ("
                            + leaf.getSubjectX500Principal().getName()
                            + ")");
            return Optional.empty();
        }
        List<String> names = names(leaf);
        return Optional.of(new TlsCertificate(certPath, keyPath, chain, key, names, at));
    }

    /** A relative path is relative to the directory of the file that names it, as include is. */
    private static Path resolve(Token file) {
        Path path = Path.of(file.text());
        Path dir = file.position().file().toAbsolutePath().getParent();
        return path.isAbsolute() || dir == null ? path : dir.resolve(path).normalize();
    }

    private static String reason(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static List<X509Certificate> certificates(byte[] pem) throws CertificateException {
        List<byte[]> ders = blocks(pem, "CERTIFICATE");
        if (ders.isEmpty()) {
            throw new IllegalArgumentException(
                    "no PEM certificate in the file (expected -----BEGIN CERTIFICATE-----)");
        }
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> chain = new ArrayList<>();
        for (byte[] der : ders) {
            chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
        }
        return chain;
    }

    private static PrivateKey privateKey(byte[] pem, PublicKey publicKey)
            throws GeneralSecurityException {
        String text = new String(pem, StandardCharsets.US_ASCII);
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            switch (type) {
                case "PRIVATE KEY" -> {
                    return keyFactory(publicKey).generatePrivate(new PKCS8EncodedKeySpec(der));
                }
                case "RSA PRIVATE KEY" -> {
                    return KeyFactory.getInstance("RSA")
                            .generatePrivate(new PKCS8EncodedKeySpec(pkcs8OfRsa(der)));
                }
                case "ENCRYPTED PRIVATE KEY" ->
                        throw new IllegalArgumentException(
                                "the key is encrypted; Tandem needs an unencrypted key (openssl"
                                        + " pkcs8 -topk8 -nocrypt)");
                case "EC PRIVATE KEY" ->
                        throw new IllegalArgumentException(
                                "an EC PRIVATE KEY (SEC1) is not read; convert it to PKCS#8"
                                        + " (openssl pkcs8 -topk8 -nocrypt)");
                default -> {
                    // e.g. EC PARAMETERS before the key: look further
                }
            }
        }
        throw new IllegalArgumentException(
                "no PEM private key in the file (expected -----BEGIN PRIVATE KEY-----)");
    }

    private static KeyFactory keyFactory(PublicKey publicKey) throws GeneralSecurityException {
        String algorithm = publicKey.getAlgorithm();
        return KeyFactory.getInstance(algorithm.equals("EdDSA") ? "EdDSA" : algorithm);
    }

    /** PKCS#8 PrivateKeyInfo around a PKCS#1 RSAPrivateKey: version 0, rsaEncryption, the key. */
    private static byte[] pkcs8OfRsa(byte[] pkcs1) {
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = der(0x04, pkcs1);
        byte[] body = new byte[version.length + RSA_ALGORITHM.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(RSA_ALGORITHM, 0, body, version.length, RSA_ALGORITHM.length);
        System.arraycopy(octets, 0, body, version.length + RSA_ALGORITHM.length, octets.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] length =
                n < 0x80
                        ? new byte[] {(byte) n}
                        : n < 0x100
                                ? new byte[] {(byte) 0x81, (byte) n}
                                : n < 0x10000
                                        ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
                                        : new byte[] {
                                            (byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n
                                        };
        byte[] out = new byte[1 + length.length + n];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(content, 0, out, 1 + length.length, n);
        return out;
    }

    private static List<byte[]> blocks(byte[] pem, String type) {
        List<byte[]> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
        while (m.find()) {
            if (m.group(1).equals(type)) {
                out.add(Base64.getMimeDecoder().decode(m.group(2)));
            }
        }
        return out;
    }

    /** A signature made with the key verifies with the certificate's public key. */
    private static boolean matches(PrivateKey key, PublicKey publicKey) {
        String algorithm =
                switch (key.getAlgorithm()) {
                    case "RSA" -> "SHA256withRSA";
                    case "EC" -> "SHA256withECDSA";
                    case "DSA" -> "SHA256withDSA";
                    default -> key.getAlgorithm(); // EdDSA, Ed25519, Ed448
                };
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature sign = Signature.getInstance(algorithm);
            sign.initSign(key);
            sign.update(challenge);
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance(algorithm);
            verify.initVerify(publicKey);
            verify.update(challenge);
            return verify.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** subjectAltName DNS entries, else the subject's common name; lower case. */
    private static List<String> names(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            var alternatives = cert.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> entry : alternatives) {
                    if (entry.size() == 2
                            && Integer.valueOf(2).equals(entry.get(0))
                            && entry.get(1) instanceof String dns) {
                        names.add(dns.toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no usable SAN: fall back to the common name
        }
        if (names.isEmpty()) {
            String dn = cert.getSubjectX500Principal().getName(X500Principal.RFC2253);
            Matcher cn = Pattern.compile("(?:^|,)CN=([^,]+)").matcher(dn);
            if (cn.find()) {
                names.add(cn.group(1).toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }
}
