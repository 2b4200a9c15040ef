package io.tandem.config;

/**
 * keepalived's {@code lvs_timeouts [tcp N] [tcpfin N] [udp N]} in {@code global_defs}: the packet
 * forwarders' connection-table timeouts at start, in seconds, with {@code ipvsadm --set}'s meaning
 * of 0 (leave IPVS's default: 900, 120 and 300 s).
 */
public record LvsTimeouts(int tcpSeconds, int tcpFinSeconds, int udpSeconds) {

    /** keepalived's limit (LVS_MAX_TIMEOUT): 31 days. */
    public static final int MAX_SECONDS = 86400 * 31;

    /** None set: IPVS's defaults. */
    public static final LvsTimeouts UNSET = new LvsTimeouts(0, 0, 0);

    public LvsTimeouts {
        for (int s : new int[] {tcpSeconds, tcpFinSeconds, udpSeconds}) {
            if (s < 0 || s > MAX_SECONDS) {
                throw new IllegalArgumentException("lvs_timeouts out of range: " + s);
            }
        }
    }
}
