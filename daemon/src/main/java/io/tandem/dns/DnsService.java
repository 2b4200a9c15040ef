package io.tandem.dns;

import io.tandem.config.DnsNameConfig;
import io.tandem.config.DnsServiceConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running {@code dns_service}: UDP and TCP on one address and port, answered from the zone of
 * the configuration and the live targets of each mapped name.
 *
 * <p>Threads: one platform thread {@code dns-udp} receives and answers UDP; one virtual thread
 * accepts TCP and one virtual thread serves each TCP connection. None of them is a Netty event
 * loop, so a query flood never delays proxied traffic. {@link #start} blocks only to bind; {@link
 * #close} waits briefly for the threads to end.
 */
public final class DnsService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DnsService.class);

    /** Binding UDP and TCP to one ephemeral port can race another process; try a few times. */
    private static final int BIND_ATTEMPTS = 8;

    private static final int UDP_RECEIVE_BUFFER = 1 << 20;

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final DnsCounters counters;
    private final Thread udpThread;
    private final Thread tcpThread;

    private DnsService(
            DatagramSocket udp, ServerSocket tcp, ZoneResponder responder, DnsCounters counters) {
        this.udp = udp;
        this.tcp = tcp;
        this.counters = counters;
        this.udpThread =
                Thread.ofPlatform().name("dns-udp").daemon().start(new UdpListener(udp, responder));
        this.tcpThread =
                Thread.ofVirtual().name("dns-tcp-accept").start(new TcpListener(tcp, responder));
    }

    /**
     * Binds and starts answering. This is the wiring point for the daemon:
     *
     * <pre>{@code
     * DnsService dns = DnsService.start(config.dnsService(), name -> {
     *     Balancer b = balancerOf(name.virtualServer(), name.protocol());
     *     return TargetSource.of(b::pool, b::sorryServer);
     * });
     * }</pre>
     *
     * @param config the validated {@code dns_service}; port 0 picks a free port (tests)
     * @param targets the live targets of each mapped name, asked once per name at start
     * @throws IOException when the address cannot be bound for UDP and TCP
     */
    public static DnsService start(
            DnsServiceConfig config, Function<DnsNameConfig, TargetSource> targets)
            throws IOException {
        DnsCounters counters = new DnsCounters();
        ZoneResponder responder = new ZoneResponder(new Zone(config, targets), counters);
        InetSocketAddress wanted = config.listen().toSocketAddress();
        for (int attempt = 1; ; attempt++) {
            DatagramSocket udp = new DatagramSocket(null);
            try {
                udp.setReceiveBufferSize(UDP_RECEIVE_BUFFER);
                udp.bind(wanted);
                ServerSocket tcp = new ServerSocket();
                try {
                    tcp.setReuseAddress(true);
                    tcp.bind(new InetSocketAddress(wanted.getAddress(), udp.getLocalPort()));
                } catch (IOException e) {
                    tcp.close();
                    throw e;
                }
                DnsService service = new DnsService(udp, tcp, responder, counters);
                log.info(
                        "dns: answering for {} on {} (UDP and TCP)",
                        config.zone(),
                        service.localAddress());
                return service;
            } catch (BindException e) {
                udp.close();
                if (wanted.getPort() != 0 || attempt == BIND_ATTEMPTS) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                udp.close();
                throw e;
            }
        }
    }

    /** The bound address; UDP and TCP share its port. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) udp.getLocalSocketAddress();
    }

    /** The counters so far; any thread. */
    public DnsStatistics statistics() {
        return counters.snapshot();
    }

    /** Stops answering: closes both sockets and waits up to a second for the threads. */
    @Override
    public void close() {
        udp.close();
        try {
            tcp.close();
        } catch (IOException e) {
            log.debug("dns: closing the TCP listener failed", e);
        }
        try {
            udpThread.join(Duration.ofSeconds(1));
            tcpThread.join(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
