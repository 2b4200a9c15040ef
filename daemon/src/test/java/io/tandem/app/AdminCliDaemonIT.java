package io.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.config.ConfigLoader;
import io.tandem.testing.FreePorts;
import io.tandem.testing.NamedTcpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The admin CLI against a real daemon over its Unix socket: ipvsadm's changes route real traffic,
 * the listing shows them, and {@code tandem reload} applies an edited file.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminCliDaemonIT {
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private Daemon daemon;

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.stop();
        }
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    private record Run(int code, String out, String err) {}

    private static Run tandem(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private NamedTcpServer backend(String name) throws Exception {
        NamedTcpServer s = NamedTcpServer.start(name);
        closeAfter.add(s);
        return s;
    }

    private static Set<String> answers(InetSocketAddress vip, int asks) throws Exception {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < asks; i++) {
            seen.add(NamedTcpServer.ask(vip));
        }
        return seen;
    }

    private static String config(Path socket, int port, int... realServers) {
        StringBuilder rs = new StringBuilder();
        for (int p : realServers) {
            rs.append("  real_server 127.0.0.1 ").append(p).append(" { weight 1 }\n");
        }
        return "global_defs {\n  admin_socket %s\n}\nvirtual_server 127.0.0.1 %d {\n  lb_algo rr\n%s}\n"
                .formatted(socket, port, rs);
    }

    @Test
    void setChangesThePacketTimeoutsThatLvsTimeoutsStartedWith(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("run/tandem.sock");
        Path file = dir.resolve("tandem.conf");
        Files.writeString(
                file,
                "global_defs {\n  admin_socket %s\n  lvs_timeouts tcp 7200 udp 60\n}\n"
                        .formatted(socket));
        DaemonOptions options = new DaemonOptions();
        options.threads = 1;
        options.drainSeconds = 1;
        daemon = Daemon.start(ConfigLoader.load(file), options);
        String s = socket.toString();

        Run started = tandem("adm", "--socket", s, "-L", "--timeout");
        assertThat(started.code()).as(started.err()).isZero();
        assertThat(started.out()).isEqualTo("Timeout (tcp tcpfin udp): 7200 120 60\n");

        Run set = tandem("adm", "--socket", s, "--set", "0", "30", "300");
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(set.out()).isEmpty();
        assertThat(tandem("adm", "--socket", s, "-L", "--timeout").out())
                .isEqualTo("Timeout (tcp tcpfin udp): 7200 30 300\n");

        Run bad = tandem("adm", "--socket", s, "--set", "900", "120");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--set option requires 3 timeout values");
    }

    @Test
    void ipvsadmChangesRouteTrafficAndReloadAppliesTheEditedFile(@TempDir Path dir)
            throws Exception {
        NamedTcpServer a = backend("a");
        NamedTcpServer b = backend("b");
        NamedTcpServer c = backend("c");
        int port = FreePorts.tcp();
        InetSocketAddress vip = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        Path socket = dir.resolve("run/tandem.sock");
        Path file = dir.resolve("tandem.conf");
        Files.writeString(file, config(socket, port, a.port()));
        DaemonOptions options = new DaemonOptions();
        options.threads = 1;
        options.drainSeconds = 1;
        daemon = Daemon.start(ConfigLoader.load(file), options);
        String service = "127.0.0.1:" + port;
        String s = socket.toString();

        Run listing = tandem("adm", "--socket", s, "-Ln");
        assertThat(listing.code()).as(listing.err()).isZero();
        assertThat(listing.out())
                .contains("TCP  " + service + " rr")
                .contains("  -> 127.0.0.1:" + a.port() + " ");

        Run add =
                tandem(
                        "adm",
                        "--socket",
                        s,
                        "-a",
                        "-t",
                        service,
                        "-r",
                        "127.0.0.1:" + b.port(),
                        "-m",
                        "-w",
                        "1");
        assertThat(add.code()).as(add.err()).isZero();
        assertThat(answers(vip, 6)).containsExactlyInAnyOrder("a", "b");
        assertThat(tandem("adm", "--socket", s, "-Ln").out())
                .contains("  -> 127.0.0.1:" + b.port() + " ");

        Run delete =
                tandem("adm", "--socket", s, "-d", "-t", service, "-r", "127.0.0.1:" + a.port());
        assertThat(delete.code()).as(delete.err()).isZero();
        assertThat(answers(vip, 4)).containsExactly("b");

        Run refused = tandem("adm", "--socket", s, "-d", "-t", service, "-r", "127.0.0.1:1");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).isNotBlank();

        // The file gains c; a, deleted at run time, is in neither the old nor the new file's
        // difference, so it stays deleted; b, added at run time, stays.
        Files.writeString(file, config(socket, port, a.port(), c.port()));
        Run reload = tandem("reload", "--socket", s);
        assertThat(reload.code()).as(reload.err()).isZero();
        assertThat(reload.out()).contains(String.valueOf(c.port()));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> answers(vip, 6).containsAll(Set.of("b", "c")));

        Run health = tandem("adm", "--socket", s, "health");
        assertThat(health.code()).as(health.err()).isZero();
        assertThat(health.out())
                .containsPattern("127\\.0\\.0\\.1:" + b.port() + " +unchecked +1/1");

        // A drain takes the server out of rotation at once and removes it once it is idle.
        Run drain =
                tandem("adm", "--socket", s, "drain", "-t", service, "-r", "127.0.0.1:" + b.port());
        assertThat(drain.code()).as(drain.err()).isZero();
        assertThat(answers(vip, 4)).containsExactly("c");
        await().atMost(Duration.ofSeconds(5))
                .until(
                        () ->
                                !tandem("adm", "--socket", s, "-Ln")
                                        .out()
                                        .contains("127.0.0.1:" + b.port() + " "));

        Run vrrp = tandem("adm", "--socket", s, "vrrp");
        assertThat(vrrp.code()).as(vrrp.err()).isZero();

        Files.writeString(file, "virtual_server {\n");
        Run broken = tandem("reload", "--socket", s);
        assertThat(broken.code()).isEqualTo(1);
        assertThat(broken.err()).contains("tandem.conf:");
        assertThat(answers(vip, 4)).as("the running config is kept").containsExactly("c");
    }
}
