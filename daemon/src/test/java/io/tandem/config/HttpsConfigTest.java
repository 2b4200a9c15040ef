package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.common.Protocol;
import io.tandem.testing.TestCertificates;
import io.tandem.testing.TestCertificates.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code protocol HTTPS}: certificate files are read and checked when the config loads. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@SuppressWarnings("StringConcatToTextBlock") // config lines read better one per line
class HttpsConfigTest {
    @TempDir static Path dir;
    static Pem a;
    static Pem b;

    @BeforeAll
    static void makeCertificates() throws Exception {
        a = TestCertificates.create(dir, "a", "a.test", "www.a.test");
        b = TestCertificates.create(dir, "b", "*.b.test");
    }

    private static String https(String tls) {
        return "virtual_server 10.0.0.1 443 {\n"
                + "  protocol HTTPS\n"
                + tls
                + "  real_server 10.0.2.1 8080\n"
                + "}\n";
    }

    @Test
    void readsEachCertificateWithItsKeyAndNames() throws Exception {
        TandemConfig config =
                ConfigLoader.parse(
                        https(
                                "  tls_certificate "
                                        + a.certificate()
                                        + " "
                                        + a.key()
                                        + "\n  tls_certificate "
                                        + b.certificate()
                                        + "\n  tls_key "
                                        + b.key()
                                        + "\n"),
                        Path.of("tls.conf"));

        VirtualServerConfig vs = config.virtualServers().getFirst();
        assertThat(vs.protocol()).isEqualTo(Protocol.HTTP);
        HttpConfig http = vs.http();
        assertThat(http).isNotNull();
        assertThat(http.terminatesTls()).isTrue();
        assertThat(http.tlsCertificates()).hasSize(2);
        TlsCertificate first = http.tlsCertificates().getFirst();
        assertThat(first.names()).containsExactly("a.test", "www.a.test");
        assertThat(first.leaf()).isEqualTo(a.x509());
        assertThat(first.position().toString()).isEqualTo("tls.conf:3:3");
        assertThat(http.tlsCertificates().get(1).names()).containsExactly("*.b.test");
    }

    @Test
    void readsATraditionalRsaKey() throws Exception {
        Pem rsa = TestCertificates.createRsaPkcs1(dir, "rsa", "rsa.test");
        TandemConfig config =
                ConfigLoader.parse(
                        https("  tls_certificate " + rsa.certificate() + " " + rsa.key() + "\n"),
                        Path.of("tls.conf"));

        HttpConfig http = config.virtualServers().getFirst().http();
        assertThat(Files.readString(rsa.key())).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(http).isNotNull();
        assertThat(http.tlsCertificates().getFirst().key().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void relativeFilesAreFoundBesideTheConfig() throws Exception {
        TandemConfig config =
                ConfigLoader.parse(
                        https("  tls_certificate a.pem a.key\n"), dir.resolve("tandem.conf"));

        HttpConfig http = config.virtualServers().getFirst().http();
        assertThat(http).isNotNull();
        assertThat(http.tlsCertificates().getFirst().certificateFile()).isEqualTo(a.certificate());
    }

    @Test
    void aMissingFileIsAnErrorAtItsName() {
        Path missing = dir.resolve("none.pem");
        assertThat(RejectedConfig.errors(https("  tls_certificate " + missing + " x.key\n")))
                .containsExactly("bad.conf:3:19: tls_certificate " + missing + ": no such file");
    }

    @Test
    void aFileWithoutPemIsAnError() throws Exception {
        Path junk = dir.resolve("junk.pem");
        Files.writeString(junk, "not a certificate\n");
        assertThat(RejectedConfig.errors(https("  tls_certificate " + junk + " " + a.key() + "\n")))
                .containsExactly(
                        "bad.conf:3:19: tls_certificate "
                                + junk
                                + ": no PEM certificate in the file (expected -----BEGIN"
                                + " CERTIFICATE-----)");
        String line = "  tls_certificate " + a.certificate() + " ";
        assertThat(RejectedConfig.errors(https(line + junk + "\n")))
                .containsExactly(
                        "bad.conf:3:"
                                + (line.length() + 1)
                                + ": tls_key "
                                + junk
                                + ": no PEM private key in the file (expected -----BEGIN PRIVATE"
                                + " KEY-----)");
    }

    @Test
    void aKeyOfAnotherCertificateIsAnError() {
        String line = "  tls_certificate " + a.certificate() + " ";
        assertThat(RejectedConfig.errors(https(line + b.key() + "\n")))
                .containsExactly(
                        "bad.conf:3:"
                                + (line.length() + 1)
                                + ": tls_key "
                                + b.key()
                                + " does not belong to the certificate in "
                                + a.certificate()
                                + " (CN=a.test)");
    }

    @Test
    void explainsMisplacedTlsKeywords() {
        assertThat(RejectedConfig.errors(https("  tls_certificate " + a.certificate() + "\n")))
                .containsExactly(
                        "bad.conf:3:3: tls_certificate "
                                + a.certificate()
                                + " has no key (add tls_key KEY.pem after it, or name the key as"
                                + " its second argument)");
        assertThat(RejectedConfig.errors(https("  tls_key " + a.key() + "\n")))
                .containsExactly(
                        "bad.conf:3:3: tls_key needs a tls_certificate before it",
                        "bad.conf:2:12: protocol HTTPS needs a tls_certificate (virtual_server"
                                + " 10.0.0.1:443)");
        assertThat(
                        RejectedConfig.virtualServerErrors(
                                "  protocol HTTP\n  tls_certificate "
                                        + a.certificate()
                                        + " "
                                        + a.key()
                                        + "\n"))
                .containsExactly(
                        "bad.conf:3:3: tls_certificate needs protocol HTTPS (virtual_server"
                                + " 10.0.0.1:80 is HTTP)");
    }
}
