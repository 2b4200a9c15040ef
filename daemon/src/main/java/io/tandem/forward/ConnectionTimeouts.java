package io.tandem.forward;

import java.time.Duration;

/**
 * How long a packet-table entry lives after its last packet, per state. The three that {@code
 * ipvsadm --set tcp tcpfin udp} changes are settable; the others are IPVS's fixed defaults
 * (ip_vs_proto_tcp.c: SYN_RECV 60 s, TIME_WAIT 120 s, CLOSE_WAIT 60 s, LAST_ACK 30 s, ...).
 *
 * @param established TCP ESTABLISHED (IPVS default 900 s)
 * @param finWait TCP FIN_WAIT (120 s)
 * @param udp a UDP entry (300 s)
 */
public record ConnectionTimeouts(Duration established, Duration finWait, Duration udp) {

    public static final ConnectionTimeouts IPVS_DEFAULTS =
            new ConnectionTimeouts(
                    Duration.ofMinutes(15), Duration.ofMinutes(2), Duration.ofMinutes(5));

    public ConnectionTimeouts {
        for (Duration d : new Duration[] {established, finWait, udp}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("connection timeouts must be positive: " + d);
            }
        }
    }

    /**
     * These timeouts with those given changed, as {@code ipvsadm --set tcp tcpfin udp} does: a
     * value of 0 leaves that one as it is.
     *
     * @throws IllegalArgumentException when a value is negative
     */
    public ConnectionTimeouts with(long tcpSeconds, long tcpFinSeconds, long udpSeconds) {
        if (tcpSeconds < 0 || tcpFinSeconds < 0 || udpSeconds < 0) {
            throw new IllegalArgumentException("connection timeouts must not be negative");
        }
        return new ConnectionTimeouts(
                tcpSeconds == 0 ? established : Duration.ofSeconds(tcpSeconds),
                tcpFinSeconds == 0 ? finWait : Duration.ofSeconds(tcpFinSeconds),
                udpSeconds == 0 ? udp : Duration.ofSeconds(udpSeconds));
    }

    /** The timeout of {@code state}, in nanoseconds. */
    public long nanos(ConnectionState state) {
        return switch (state) {
            case ESTABLISHED -> established.toNanos();
            case FIN_WAIT -> finWait.toNanos();
            case UDP -> udp.toNanos();
            case NONE -> 2_000_000_000L;
            case SYN_RECV, CLOSE_WAIT -> 60_000_000_000L;
            case LAST_ACK -> 30_000_000_000L;
            case CLOSE -> 10_000_000_000L;
            case SYN_SENT, TIME_WAIT, LISTEN, SYNACK -> 120_000_000_000L;
        };
    }
}
