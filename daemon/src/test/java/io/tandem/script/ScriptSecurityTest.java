package io.tandem.script;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testing.HostSupport;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs as root (CI does): the files are root's, then made unsafe one way at a time. */
@Timeout(30)
class ScriptSecurityTest {

    @TempDir Path dir;

    private final ScriptSecurity security = ScriptSecurity.enforcing();
    private final UserPrincipalLookupService users =
            FileSystems.getDefault().getUserPrincipalLookupService();

    @BeforeEach
    void requireRoot() {
        HostSupport.require(DaemonUser.isRoot(), "script security only checks when run as root");
    }

    @Test
    void rootOwnedScriptInAPrivateDirectoryUnderStickyTmpIsAllowed() throws Exception {
        Path script = Scripts.write(dir, "ok.sh", "exit 0");

        assertThat(security.refusal(script)).isEmpty();
    }

    @Test
    void groupWritableScriptIsRefused() throws Exception {
        Path script = Scripts.write(dir, "group.sh", "exit 0");
        Files.setAttribute(script, "posix:group", users.lookupPrincipalByGroupName("daemon"));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxrwxr-x"));

        assertThat(security.refusal(script)).hasValue(script + " is writable by group 'daemon'");
    }

    @Test
    void groupWritableByRootsOwnGroupIsAllowed() throws Exception {
        Path script = Scripts.write(dir, "rootgroup.sh", "exit 0");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxrwxr-x"));

        assertThat(security.refusal(script)).isEmpty();
    }

    @Test
    void worldWritableScriptIsRefused() throws Exception {
        Path script = Scripts.write(dir, "world.sh", "exit 0");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xrwx"));

        assertThat(security.refusal(script)).hasValue(script + " is writable by everyone");
    }

    @Test
    void scriptInAWorldWritableDirectoryIsRefused() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path script = Scripts.write(open, "inside.sh", "exit 0");

        assertThat(security.refusal(script))
                .hasValue("directory " + open + " is writable by everyone");
    }

    @Test
    void worldWritableDirectoryWithTheStickyBitIsAllowed() throws Exception {
        Path sticky = Files.createDirectory(dir.resolve("sticky"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        Path script = Scripts.write(sticky, "inside.sh", "exit 0");

        assertThat(security.refusal(script)).isEmpty();
    }

    @Test
    void scriptOwnedByAnotherUserIsRefused() throws Exception {
        Path script = Scripts.write(dir, "theirs.sh", "exit 0");
        Files.setOwner(script, users.lookupPrincipalByName("nobody"));

        assertThat(security.refusal(script)).hasValue(script + " is owned by 'nobody', not root");
    }

    @Test
    void symlinkIsJudgedByTheFileItPointsTo() throws Exception {
        Path script = Scripts.write(dir, "target.sh", "exit 0");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path link = Files.createSymbolicLink(dir.resolve("link.sh"), script);

        assertThat(security.refusal(link)).hasValue(script + " is writable by everyone");
    }

    @Test
    void missingOrRelativeProgramIsRefusedWithTheReason() {
        assertThat(security.refusal(dir.resolve("missing.sh")).orElseThrow())
                .startsWith(dir.resolve("missing.sh") + " does not exist");
        assertThat(security.refusal(Path.of("check.sh")).orElseThrow())
                .contains("not an absolute path");
    }

    @Test
    void permissiveAllowsEverything() throws Exception {
        Path script = Scripts.write(dir, "world.sh", "exit 0");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThat(ScriptSecurity.permissive().refusal(script)).isEmpty();
    }

    @Test
    void runnerDoesNotStartARefusedScript() throws Exception {
        Path marker = dir.resolve("ran");
        Path script = Scripts.write(dir, "world.sh", "touch " + marker);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxrwxrwx"));

        ScriptResult result =
                new ScriptRunner(security)
                        .run(Scripts.command(script), Duration.ofSeconds(5), null);

        assertThat(result.startError())
                .isEqualTo("refused by script security: " + script + " is writable by everyone");
        assertThat(marker).doesNotExist();
    }
}
