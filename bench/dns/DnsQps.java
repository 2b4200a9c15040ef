// Queries per second of Tandem's DNS responder on loopback: a closed loop of CLIENTS threads,
// each with its own UDP socket and one query outstanding, for DURATION seconds or MAX_QUERIES
// queries, whichever comes first. Run through bench/dns-qps, which sets the class path.

import io.tandem.common.HostPort;
import io.tandem.config.DnsNameConfig;
import io.tandem.config.DnsServiceConfig;
import io.tandem.config.DnsSoaConfig;
import io.tandem.config.SourcePosition;
import io.tandem.common.Protocol;
import io.tandem.dns.DnsService;
import io.tandem.dns.TargetSource;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

void main() throws Exception {
    int clients = Integer.parseInt(System.getenv().getOrDefault("CLIENTS", "4"));
    int seconds = Integer.parseInt(System.getenv().getOrDefault("DURATION", "10"));
    long maxQueries = Long.parseLong(System.getenv().getOrDefault("MAX_QUERIES", "2000000"));
    InetAddress loopback = InetAddress.getLoopbackAddress();
    DnsServiceConfig config =
            new DnsServiceConfig(
                    new HostPort(loopback, 0),
                    "example.com.",
                    Duration.ofSeconds(5),
                    8,
                    Duration.ofMinutes(5),
                    DnsSoaConfig.defaults("example.com."),
                    List.of(
                            new DnsNameConfig(
                                    "www.example.com.",
                                    "10.0.0.10:80",
                                    Protocol.TCP,
                                    new SourcePosition(Path.of("bench"), 1, 1))),
                    List.of(),
                    new SourcePosition(Path.of("bench"), 1, 1));
    PoolSnapshot pool =
            PoolSnapshot.of(
                    new RealServer(new HostPort(InetAddress.getByName("10.0.1.1"), 80), 3),
                    new RealServer(new HostPort(InetAddress.getByName("10.0.1.2"), 80), 1),
                    new RealServer(new HostPort(InetAddress.getByName("10.0.1.3"), 80), 1));
    try (DnsService dns = DnsService.start(config, n -> TargetSource.of(() -> pool, () -> null))) {
        byte[] query =
                Message.newQuery(
                                Record.newRecord(
                                        Name.fromString("www.example.com."), Type.A, DClass.IN))
                        .toWire();
        AtomicLong answered = new AtomicLong();
        AtomicLong bad = new AtomicLong();
        AtomicLong timeouts = new AtomicLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            threads.add(
                    Thread.ofPlatform()
                            .name("dns-qps-" + c)
                            .start(
                                    () -> {
                                        try (DatagramSocket s = new DatagramSocket()) {
                                            s.setSoTimeout(1000);
                                            byte[] q = query.clone();
                                            byte[] buf = new byte[1500];
                                            DatagramPacket in = new DatagramPacket(buf, buf.length);
                                            DatagramPacket out =
                                                    new DatagramPacket(q, q.length, dns.localAddress());
                                            while (System.nanoTime() < deadline
                                                    && answered.get() < maxQueries) {
                                                s.send(out);
                                                try {
                                                    in.setLength(buf.length);
                                                    s.receive(in);
                                                } catch (SocketTimeoutException e) {
                                                    timeouts.incrementAndGet();
                                                    continue;
                                                }
                                                // rcode 0 and three answers, from the header alone
                                                if ((buf[3] & 0x0f) == 0 && buf[7] == 3) {
                                                    answered.incrementAndGet();
                                                } else {
                                                    bad.incrementAndGet();
                                                }
                                            }
                                        } catch (Exception e) {
                                            throw new RuntimeException(e);
                                        }
                                    }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "clients=%d seconds=%.1f answered=%d qps=%.0f bad=%d timeouts=%d malformed=%d%n",
                clients,
                elapsed,
                answered.get(),
                answered.get() / elapsed,
                bad.get(),
                timeouts.get(),
                dns.statistics().malformed());
    }
}
