package io.tandem.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6's reload rule for VRRP, against real keepalived: a reload that changes one instance's
 * priority restarts that instance (keepalived, now higher, takes its address), while the unchanged
 * instance keeps its role and its address without a single transition.
 */
@Tag("netns")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReloadVrrpIT {
    private static final String CHANGED_VIP = Lan.SUBNET + "100";
    private static final String KEPT_VIP = Lan.SUBNET + "101";

    @TempDir Path directory;

    private static String instance(String name, int vrid, int priority, String vip, String extra) {
        return "vrrp_instance "
                + name
                + " {\n  state BACKUP\n  interface "
                + Lan.INTERFACE
                + "\n  virtual_router_id "
                + vrid
                + "\n  version 3\n  priority "
                + priority
                + "\n  advert_int 0.1\n  virtual_ipaddress {\n    "
                + vip
                + "/24\n  }\n"
                + extra
                + "}\n";
    }

    private String tandemConfig(int changedPriority, Path socket, Path notify) {
        return "global_defs {\n  admin_socket "
                + socket
                + "\n}\n"
                + instance("VI_1", 51, changedPriority, CHANGED_VIP, "")
                + instance("VI_2", 52, 150, KEPT_VIP, "  notify " + notify + "\n");
    }

    @Test
    void aReloadRestartsOnlyTheChangedInstanceAndTheOtherKeepsItsRole() throws Exception {
        Lan.require(VrrpPeer.KEEPALIVED, "/bin/sh");
        Path socket = directory.resolve("run").resolve("a.sock");
        Path transitions = directory.resolve("transitions");
        Path notify = directory.resolve("record.sh");
        Files.writeString(notify, "#!/bin/sh\necho \"$*\" >> " + transitions + "\n");
        Files.setPosixFilePermissions(notify, PosixFilePermissions.fromString("rwx------"));
        InetAddress changedVip = InetAddress.getByName(CHANGED_VIP);
        InetAddress keptVip = InetAddress.getByName(KEPT_VIP);

        try (Lan lan = Lan.create("a", "b");
                VrrpPeer tandem = VrrpPeer.tandem("tandem", directory);
                VrrpPeer keepalived = VrrpPeer.keepalived("keepalived", directory)) {
            tandem.start(lan.namespace("a"), tandemConfig(150, socket, notify));
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50))
                    .untilAsserted(
                            () ->
                                    assertThat(
                                                    lan.holds("a", changedVip)
                                                            && lan.holds("a", keptVip))
                                            .as(tandem::log)
                                            .isTrue());
            keepalived.start(
                    lan.namespace("b"),
                    instance("VI_1", 51, 100, CHANGED_VIP, "")
                            + instance("VI_2", 52, 100, KEPT_VIP, ""));
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(
                            () ->
                                    assertThat(keepalived.output)
                                            .as(keepalived::log)
                                            .filteredOn(l -> l.contains("Entering BACKUP STATE"))
                                            .hasSize(2));
            List<String> before = Files.readAllLines(transitions);
            assertThat(before).last().asString().contains("INSTANCE VI_2 MASTER 150");

            // Watch the kept address from now until the end: it must never leave host a.
            AtomicBoolean watching = new AtomicBoolean(true);
            AtomicInteger samples = new AtomicInteger();
            AtomicInteger missing = new AtomicInteger();
            Thread watch =
                    Thread.ofVirtual()
                            .start(
                                    () -> {
                                        while (watching.get()) {
                                            if (!lan.holds("a", keptVip)) {
                                                missing.incrementAndGet();
                                            }
                                            samples.incrementAndGet();
                                            try {
                                                Thread.sleep(20);
                                            } catch (InterruptedException e) {
                                                return;
                                            }
                                        }
                                    });

            Files.writeString(directory.resolve("tandem.conf"), tandemConfig(50, socket, notify));
            CliRun reload = reload(socket);
            assertThat(reload.code()).as(reload.output()).isZero();
            assertThat(reload.output())
                    .contains("restarted vrrp_instance VI_1")
                    .doesNotContain("VI_2");

            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .untilAsserted(
                            () ->
                                    assertThat(
                                                    lan.holds("b", changedVip)
                                                            && !lan.holds("a", changedVip))
                                            .as(() -> tandem.log() + "\n" + keepalived.log())
                                            .isTrue());
            // A few more advert intervals with the new roles before the verdict.
            int seen = samples.get();
            await().atMost(Duration.ofSeconds(5)).until(() -> samples.get() >= seen + 25);
            watching.set(false);
            watch.join();

            assertThat(missing.get()).as("samples without %s on a", KEPT_VIP).isZero();
            assertThat(Files.readAllLines(transitions)).isEqualTo(before);
            assertThat(keepalived.output)
                    .noneMatch(l -> l.contains("VI_2") && l.contains("Entering MASTER STATE"));
        }
    }

    private record CliRun(int code, String output) {}

    private static CliRun reload(Path socket) throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-jar",
                                VrrpPeer.tandemJar().toString(),
                                "reload",
                                "--socket",
                                socket.toString())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new CliRun(p.exitValue(), output);
    }
}
