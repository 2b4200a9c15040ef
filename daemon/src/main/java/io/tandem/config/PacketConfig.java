package io.tandem.config;

import java.time.Duration;
import java.util.List;

/**
 * How a packet-forwarded virtual server (lb_kind DR or TUN, or NAT with {@code packet_mode}) meets
 * the wire; the full proxy has none.
 *
 * @param interfaceName Tandem's {@code interface}: where the VIP's frames arrive and the real
 *     servers are reached
 * @param snatClients Tandem's {@code snat_clients}: NAT rewrites the source of clients in these
 *     subnets to the VIP, so the real servers' replies come back through the balancer
 * @param busyPoll Tandem's {@code packet_busy_poll}: how long the packet thread keeps checking its
 *     ring after the last frame before it sleeps in poll ({@link #DEFAULT_BUSY_POLL}; zero sleeps
 *     at once)
 * @param sloppyTcp {@code sloppy_tcp}, as IPVS's sysctl of that name: a TCP packet without an entry
 *     opens one whatever its flags (but RST), not only a SYN, so connections opened through another
 *     balancer carry on here after a failover (with a scheduler that picks the same server there
 *     and here: sh or mh)
 */
public record PacketConfig(
        String interfaceName,
        List<ClientSubnet> snatClients,
        Duration busyPoll,
        boolean sloppyTcp) {

    /** Only an interface: no source NAT, no busy polling, SYN-only scheduling. */
    public static PacketConfig on(String interfaceName) {
        return new PacketConfig(interfaceName, List.of(), Duration.ZERO, false);
    }

    /**
     * 50 µs, the value Linux's busy-poll documentation suggests for SO_BUSY_POLL. A frame that
     * arrives while the thread checks costs no wake-up on either side. On the NAT packet benchmark
     * (bench/results/2026-12-02-packet-compare-busy-poll.md) it gave +11 to +31 % keep-alive and
     * +15 % new-connection requests per second, with a lower p99, at up to one core spent checking.
     */
    public static final Duration DEFAULT_BUSY_POLL = Duration.ofNanos(50_000);

    /** The longest {@code packet_busy_poll} accepted, in microseconds. */
    public static final int MAX_BUSY_POLL_MICROS = 1000;

    public PacketConfig {
        snatClients = List.copyOf(snatClients);
        if (busyPoll.isNegative()) {
            throw new IllegalArgumentException("negative busy poll: " + busyPoll);
        }
    }
}
