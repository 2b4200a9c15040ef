package io.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.common.HostPort;
import io.tandem.config.AdminHttpConfig;
import io.tandem.config.SourcePosition;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AdminHttpEndpointTest {
    private static final SourcePosition AT = new SourcePosition(Path.of("t.conf"), 3, 5);
    private static final HostPort ADDRESS = new HostPort(InetAddress.getLoopbackAddress(), 9180);

    @TempDir Path dir;

    @Test
    void theTokenFilesFirstLineIsTheTokenWithoutBlanks() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "  s3cret \nignored\n");
        assertThat(AdminHttpEndpoint.token(new AdminHttpConfig(ADDRESS, null, file, AT)))
                .isEqualTo("s3cret");
    }

    @Test
    void anInlineTokenOrNoneAtAll() throws IOException {
        assertThat(AdminHttpEndpoint.token(new AdminHttpConfig(ADDRESS, "abc", null, AT)))
                .isEqualTo("abc");
        assertThat(AdminHttpEndpoint.token(new AdminHttpConfig(ADDRESS, null, null, AT))).isNull();
    }

    @Test
    void aMissingOrEmptyTokenFileIsAnErrorNamingTheConfigLine() throws IOException {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(
                        () ->
                                AdminHttpEndpoint.token(
                                        new AdminHttpConfig(ADDRESS, null, missing, AT)))
                .hasMessageStartingWith(
                        "t.conf:3:5: admin_token_file " + missing + ": cannot read");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(
                        () ->
                                AdminHttpEndpoint.token(
                                        new AdminHttpConfig(ADDRESS, null, empty, AT)))
                .hasMessage("t.conf:3:5: admin_token_file " + empty + ": the file is empty");
    }
}
