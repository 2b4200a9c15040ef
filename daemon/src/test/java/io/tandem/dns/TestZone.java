package io.tandem.dns;

import io.tandem.common.HostPort;
import io.tandem.common.IpLiteral;
import io.tandem.config.ConfigException;
import io.tandem.config.ConfigLoader;
import io.tandem.config.DnsServiceConfig;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;

/**
 * A running responder for {@code example.com.} from a real config text, with the pool of each
 * virtual server held in a reference the test changes between queries, as the control thread would
 * publish a new snapshot.
 */
final class TestZone implements AutoCloseable {
    /** www → 10.0.0.10:80, v6 → [2001:db8::10]:80, big → 10.0.0.30:80 (many servers). */
    static final String CONFIG =
            """
            virtual_server 10.0.0.10 80 {
                sorry_server 192.0.2.99 80
                real_server 10.0.1.1 80
            }
            virtual_server 2001:db8::10 80 {
                real_server 2001:db8::1 80
            }
            virtual_server 10.0.0.30 80 {
                real_server 10.0.3.1 80
            }
            dns_service {
                listen 127.0.0.1 53
                zone example.com
                max_answers 64
                name www virtual_server 10.0.0.10 80
                name v6 virtual_server 2001:db8::10 80
                name big virtual_server 10.0.0.30 80
                record api CNAME www
                record @ TXT "v=spf1 -all"
                record _http._tcp SRV 10 5 80 www
                record deep.sub A 192.0.2.7
            }
            """;

    private final Map<String, AtomicReference<PoolSnapshot>> pools = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<@Nullable RealServer>> sorry =
            new ConcurrentHashMap<>();
    final DnsService service;

    TestZone() throws IOException, ConfigException {
        DnsServiceConfig parsed = ConfigLoader.parse(CONFIG, Path.of("dns.conf")).dnsService();
        if (parsed == null) {
            throw new IllegalStateException("no dns_service in the test config");
        }
        DnsServiceConfig onFreePort =
                new DnsServiceConfig(
                        new HostPort(InetAddress.getLoopbackAddress(), 0),
                        parsed.zone(),
                        parsed.ttl(),
                        parsed.maxAnswers(),
                        parsed.recordTtl(),
                        parsed.soa(),
                        parsed.names(),
                        parsed.records(),
                        parsed.position());
        service =
                DnsService.start(
                        onFreePort,
                        name -> {
                            AtomicReference<PoolSnapshot> pool =
                                    pools.computeIfAbsent(
                                            name.virtualServer(),
                                            k -> new AtomicReference<>(PoolSnapshot.EMPTY));
                            AtomicReference<@Nullable RealServer> s =
                                    sorry.computeIfAbsent(
                                            name.virtualServer(), k -> new AtomicReference<>());
                            return TargetSource.of(pool::get, s::get);
                        });
    }

    /** Publishes a new pool for the virtual server named {@code vs} ("10.0.0.10:80"). */
    void publish(String vs, RealServer... servers) {
        pools.get(vs).set(PoolSnapshot.of(servers));
    }

    void sorry(String vs, @Nullable RealServer server) {
        sorry.get(vs).set(server);
    }

    static RealServer server(String ip, int weight) {
        return new RealServer(new HostPort(IpLiteral.parse(ip).orElseThrow(), 80), weight);
    }

    int port() {
        return service.localAddress().getPort();
    }

    SimpleResolver resolver(boolean tcp) {
        SimpleResolver r = new SimpleResolver(service.localAddress());
        r.setTCP(tcp);
        r.setTimeout(Duration.ofSeconds(3));
        return r;
    }

    static Message query(String name, int type) throws IOException {
        return Message.newQuery(
                Record.newRecord(Name.fromString(name), type, org.xbill.DNS.DClass.IN));
    }

    /** The answer section's data, in order ("10.0.1.1", "www.example.com.", ...). */
    static List<String> answers(Message response) {
        return response.getSection(org.xbill.DNS.Section.ANSWER).stream()
                .map(Record::rdataToString)
                .toList();
    }

    @Override
    public void close() {
        service.close();
    }
}
