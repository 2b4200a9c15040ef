package io.tandem.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** keepalived's notify scripts run on transitions, {@code notify} with its four arguments. */
@Tag("netns")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NotifyIT {
    @TempDir Path directory;

    @Test
    void notifyScriptsRunOnEveryTransitionWithKeepalivedsArguments() throws Exception {
        Lan.require("/bin/sh");
        Path out = directory.resolve("out");
        Path script = directory.resolve("record.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$*\" >> " + out + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Router router =
                Router.v3(150)
                        .advertInt("0.1")
                        .with("notify_master \"" + script + " became master\"")
                        .with("notify_stop \"" + script + " stopped\"")
                        .with("notify " + script);
        try (Lan lan = Lan.create("a")) {
            InProcessRouter running = InProcessRouter.start(lan, "a", router.config());
            try {
                await().atMost(Duration.ofSeconds(5))
                        .until(
                                () ->
                                        Files.exists(out)
                                                && Files.readString(out)
                                                        .contains("INSTANCE VI_1 MASTER 150"));
            } finally {
                running.close();
            }
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(
                            () ->
                                    assertThat(Files.readAllLines(out))
                                            .contains(
                                                    "INSTANCE VI_1 BACKUP 150",
                                                    "became master",
                                                    "INSTANCE VI_1 MASTER 150",
                                                    "stopped",
                                                    "INSTANCE VI_1 STOP 150"));
        }
    }
}
