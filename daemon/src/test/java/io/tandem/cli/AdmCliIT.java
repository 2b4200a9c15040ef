package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.admin.AdminBackend;
import io.tandem.admin.AdminDispatcher;
import io.tandem.admin.UnixAdminServer;
import io.tandem.admin.api.AdminCommand;
import io.tandem.admin.api.AdminException;
import io.tandem.admin.api.AdminResult;
import io.tandem.admin.api.Counters;
import io.tandem.admin.api.Rates;
import io.tandem.admin.api.RealServerSpec;
import io.tandem.admin.api.RealServerStatus;
import io.tandem.admin.api.ServiceKey;
import io.tandem.admin.api.ServiceSpec;
import io.tandem.admin.api.ServiceStatus;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** tandem adm in-process against a real UnixAdminServer and dispatcher over in-memory services. */
// Listings end lines in ipvsadm's trailing spaces, which a text block would strip.
@SuppressWarnings("StringConcatToTextBlock")
@Timeout(60)
class AdmCliIT {

    @TempDir Path dir;
    private Path socket;
    private UnixAdminServer server;

    /** Services kept in memory, ipvsadm's semantics for the few commands this test sends. */
    private static final class MemoryBackend implements AdminBackend {
        private final Map<ServiceKey, ServiceSpec> services = new LinkedHashMap<>();
        private final Map<ServiceKey, Map<String, RealServerSpec>> reals = new LinkedHashMap<>();

        @Override
        public synchronized AdminResult execute(AdminCommand command) throws AdminException {
            switch (command) {
                case AdminCommand.AddService a -> {
                    if (services.putIfAbsent(a.service().key(), a.service()) != null) {
                        throw new AdminException("Service already exists");
                    }
                    reals.put(a.service().key(), new LinkedHashMap<>());
                }
                case AdminCommand.EditService e -> {
                    need(e.service().key());
                    services.put(e.service().key(), e.service());
                }
                case AdminCommand.AddRealServer a ->
                        need(a.service())
                                .put(
                                        a.realServer().address() + ":" + a.realServer().port(),
                                        a.realServer());
                case AdminCommand.EditRealServer e ->
                        need(e.service())
                                .put(
                                        e.realServer().address() + ":" + e.realServer().port(),
                                        e.realServer());
                case AdminCommand.DeleteRealServer d -> {
                    if (need(d.service()).remove(d.address() + ":" + d.port()) == null) {
                        throw new AdminException("No such destination");
                    }
                }
                case AdminCommand.Clear c -> {
                    services.clear();
                    reals.clear();
                }
                case AdminCommand.ListServices l -> {
                    List<ServiceStatus> out = new ArrayList<>();
                    for (ServiceSpec s : services.values()) {
                        List<RealServerStatus> rs = new ArrayList<>();
                        for (RealServerSpec r : reals.get(s.key()).values()) {
                            rs.add(
                                    new RealServerStatus(
                                            r.address(),
                                            r.port(),
                                            r.forwarding(),
                                            r.weight(),
                                            r.weight(),
                                            0,
                                            0,
                                            r.upperThreshold(),
                                            r.lowerThreshold(),
                                            0,
                                            Counters.ZERO,
                                            Rates.ZERO,
                                            "unchecked",
                                            null));
                        }
                        out.add(
                                new ServiceStatus(
                                        s.key(),
                                        s.key().address(),
                                        s.scheduler(),
                                        s.persistenceSeconds(),
                                        s.persistenceNetmask(),
                                        Counters.ZERO,
                                        Rates.ZERO,
                                        rs,
                                        null));
                    }
                    return new AdminResult.Services(out);
                }
                default -> throw new AdminException("not in this test");
            }
            return new AdminResult.Done();
        }

        private Map<String, RealServerSpec> need(ServiceKey key) throws AdminException {
            Map<String, RealServerSpec> r = reals.get(key);
            if (r == null) {
                throw new AdminException("No such service");
            }
            return r;
        }
    }

    @BeforeEach
    void start() throws Exception {
        socket = dir.resolve("run").resolve("tandem.sock");
        server = new UnixAdminServer(socket, new AdminDispatcher(new MemoryBackend()));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private record Result(int code, String out, String err) {}

    private Result admWithInput(String stdin, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cl =
                new CommandLine(
                        new AdmCommand(
                                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("--socket", socket.toString()));
        all.addAll(List.of(args));
        int code = cl.execute(all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    private Result adm(String... args) {
        return admWithInput("", args);
    }

    @Test
    void changesShowInTheNextListingAndSaveRestoresTheSame() {
        assertThat(adm("-A", "-t", "10.0.0.1:80", "-s", "rr").code()).isZero();
        assertThat(adm("-a", "-t", "10.0.0.1:80", "-r", "10.0.0.2:80", "-m", "-w", "2").code())
                .isZero();
        assertThat(adm("-a", "-t", "10.0.0.1:80", "-r", "10.0.0.3", "-m").code()).isZero();
        assertThat(adm("-Ln").out())
                .endsWith(
                        "TCP  10.0.0.1:80 rr\n"
                                + "  -> 10.0.0.2:80                  Masq    2      0          0         \n"
                                + "  -> 10.0.0.3:80                  Masq    1      0          0         \n");
        assertThat(adm("-e", "-t", "10.0.0.1:80", "-r", "10.0.0.2:80", "-m", "-w", "5").code())
                .isZero();
        assertThat(adm("-d", "-t", "10.0.0.1:80", "-r", "10.0.0.3:80").code()).isZero();
        assertThat(adm("-E", "-t", "10.0.0.1:80", "-s", "wlc", "-p", "120").code()).isZero();
        String listing = adm("-Ln").out();
        assertThat(listing)
                .endsWith(
                        "TCP  10.0.0.1:80 wlc persistent 120\n"
                                + "  -> 10.0.0.2:80                  Masq    5      0          0         \n");
        String saved = adm("-S", "-n").out();
        assertThat(saved)
                .isEqualTo(
                        "-A -t 10.0.0.1:80 -s wlc -p 120\n-a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 5\n");
        assertThat(adm("-C").code()).isZero();
        assertThat(adm("-Ln").out()).doesNotContain("10.0.0.1");
        assertThat(admWithInput(saved, "-R").code()).isZero();
        assertThat(adm("-Ln").out()).isEqualTo(listing);
    }

    @Test
    void refusalsExitOneWithTheDaemonsReason() {
        Result r = adm("-d", "-t", "10.9.9.9:80", "-r", "10.0.0.2");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("No such service\n");
    }

    @Test
    void socketIsOwnerOnlyAndItsDirectoryToo() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void garbageGetsAnErrorReplyAndTheServerKeepsServing() throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            var in =
                    new BufferedReader(
                            new InputStreamReader(
                                    Channels.newInputStream(ch), StandardCharsets.UTF_8));
            ch.write(ByteBuffer.wrap("{not json at all\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(in.readLine()).contains("\"error\":\"bad AdminRequest");
            ch.write(
                    ByteBuffer.wrap(
                            "{\"version\":1,\"command\":{\"command\":\"list-services\"}}\n"
                                    .getBytes(StandardCharsets.UTF_8)));
            assertThat(in.readLine()).contains("\"result\":\"services\"");
            byte[] huge = new byte[UnixAdminServer.MAX_LINE_BYTES + 10];
            java.util.Arrays.fill(huge, (byte) 'x');
            ByteBuffer b = ByteBuffer.wrap(huge);
            try {
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            } catch (java.io.IOException closedByServer) {
                // The server may close before the whole line is written.
            }
            String reply = in.readLine();
            assertThat(reply).contains("longer than");
        }
        try (SocketChannel half = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            half.connect(UnixDomainSocketAddress.of(socket));
            half.write(ByteBuffer.wrap("{\"version\":1,".getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(adm("-Ln").code()).isZero();
    }

    @Test
    void aLiveSocketIsRefusedAndAStaleOneReplaced() throws Exception {
        var second = new UnixAdminServer(socket, new AdminDispatcher(new MemoryBackend()));
        org.assertj.core.api.Assertions.assertThatThrownBy(second::start)
                .hasMessageContaining("another Tandem daemon is listening there");
        server.close();
        // A socket file nobody listens on, as a killed daemon leaves it.
        try (var dead = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();
        server = new UnixAdminServer(socket, new AdminDispatcher(new MemoryBackend()));
        server.start();
        assertThat(adm("-Ln").code()).isZero();
    }

    @Test
    void silentClientsAreClosedSoTheyCannotLockTheAdminOut() throws Exception {
        Path quick = dir.resolve("quick").resolve("tandem.sock");
        var idleServer =
                new UnixAdminServer(
                        quick,
                        new AdminDispatcher(new MemoryBackend()),
                        java.time.Duration.ofMillis(500));
        idleServer.start();
        List<SocketChannel> forgotten = new ArrayList<>();
        try {
            for (int i = 0; i < UnixAdminServer.MAX_CLIENTS; i++) {
                SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
                c.connect(UnixDomainSocketAddress.of(quick));
                forgotten.add(c);
            }
            String busy = oneRequest(quick);
            assertThat(busy).contains("too many admin clients");
            // Each forgotten client is closed by the server: its read ends.
            for (SocketChannel c : forgotten) {
                assertThat(c.read(ByteBuffer.allocate(16))).isEqualTo(-1);
            }
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(10))
                    .untilAsserted(
                            () ->
                                    assertThat(oneRequest(quick))
                                            .contains("\"result\":\"services\""));
        } finally {
            for (SocketChannel c : forgotten) {
                c.close();
            }
            idleServer.close();
        }
    }

    @Test
    void aClientThatKeepsTalkingStaysConnectedPastTheIdleTimeout() throws Exception {
        Path quick = dir.resolve("talk").resolve("tandem.sock");
        var idleServer =
                new UnixAdminServer(
                        quick,
                        new AdminDispatcher(new MemoryBackend()),
                        java.time.Duration.ofMillis(400));
        idleServer.start();
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(quick));
            var in =
                    new BufferedReader(
                            new InputStreamReader(
                                    Channels.newInputStream(ch), StandardCharsets.UTF_8));
            long end = System.nanoTime() + java.time.Duration.ofMillis(1500).toNanos();
            int answered = 0;
            // A client pacing its requests 100 ms apart: more than three idle timeouts in all.
            while (System.nanoTime() < end && answered < 50) {
                ch.write(ByteBuffer.wrap(LIST_SERVICES.getBytes(StandardCharsets.UTF_8)));
                assertThat(in.readLine()).contains("\"result\":\"services\"");
                answered++;
                Thread.sleep(100);
            }
            assertThat(answered).isGreaterThan(5);
        } finally {
            idleServer.close();
        }
    }

    private static final String LIST_SERVICES =
            "{\"version\":1,\"command\":{\"command\":\"list-services\"}}\n";

    private static String oneRequest(Path socketPath) throws java.io.IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socketPath));
            ch.write(ByteBuffer.wrap(LIST_SERVICES.getBytes(StandardCharsets.UTF_8)));
            var in =
                    new BufferedReader(
                            new InputStreamReader(
                                    Channels.newInputStream(ch), StandardCharsets.UTF_8));
            String line = in.readLine();
            return line == null ? "" : line;
        }
    }
}
