package io.tandem.cli;

import org.jspecify.annotations.Nullable;

/**
 * The ipvsadm 1.31 options Tandem knows but does not run, with the reason; never silently ignored.
 */
final class IpvsadmUnsupported {
    private static final String KERNEL =
            "is not supported: it needs kernel IPVS, and Tandem proxies in userspace";

    private IpvsadmUnsupported() {}

    static @Nullable String shortReason(char letter) {
        return switch (letter) {
            case 'f' -> "(fwmark-service) is not supported: Tandem has no firewall-mark services";
            case '6' ->
                    "(ipv6 for fwmark-service) is not supported: Tandem has no firewall-mark"
                            + " services";
            case 'o' -> "(ops, one-packet scheduling) " + KERNEL;
            case 'b' -> "(sched-flags) is not supported yet";
            case 'K', 'k', 'J' -> "is not supported: not an ipvsadm 1.31 option";
            default -> null;
        };
    }

    static @Nullable String longReason(String name) {
        return switch (name) {
            case "fwmark-service" -> "is not supported: Tandem has no firewall-mark services";
            case "ipv6" -> "is not supported: Tandem has no firewall-mark services";
            case "ops" -> KERNEL;
            case "sched-flags" -> "is not supported yet";
            case "pe" -> "(persistence engine) is not supported yet";
            case "start-daemon",
                    "stop-daemon",
                    "mcast-interface",
                    "syncid",
                    "sync-maxlen",
                    "mcast-group",
                    "mcast-port",
                    "mcast-ttl" ->
                    "(connection synchronisation) " + KERNEL;
            case "tun-type", "tun-port", "tun-nocsum", "tun-csum", "tun-remcsum" ->
                    "(tunnel options) " + KERNEL;
            default -> null;
        };
    }
}
