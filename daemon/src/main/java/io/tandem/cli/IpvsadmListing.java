package io.tandem.cli;

import io.tandem.admin.api.ConnectionEntry;
import io.tandem.admin.api.Counters;
import io.tandem.admin.api.Rates;
import io.tandem.admin.api.RealServerStatus;
import io.tandem.admin.api.ServiceKey;
import io.tandem.admin.api.ServiceProtocol;
import io.tandem.admin.api.ServiceStatus;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * ipvsadm 1.31's listing formats, column for column: {@code -L} and its column sets, {@code -S},
 * {@code -c}. Written from ipvsadm's print_title, print_service_entry, print_largenum and list_conn
 * layouts; docs/admin-protocol.md lists the few places Tandem differs. Addresses are printed as the
 * daemon reports them: there is no reverse DNS, with or without {@code -n}. Stateless.
 */
final class IpvsadmListing {
    /** The kernel's IPVS version and table size ipvsadm prints; Tandem's own version follows. */
    static final String IPVS_VERSION = "IP Virtual Server version 1.2.1 (size=4096)";

    private static final String PROT_LOCAL = "Prot LocalAddress:Port";

    private IpvsadmListing() {}

    /** The version line of a full listing: ipvsadm's, then Tandem's version in parentheses. */
    static String versionLine(String tandemVersion) {
        return IPVS_VERSION + " (Tandem " + tandemVersion + ")";
    }

    /**
     * {@code -L}: the version line (only when listing everything, as ipvsadm), the title for the
     * format, then each service and its real servers.
     */
    static String list(
            List<ServiceStatus> services, IpvsadmFormat format, boolean all, String tandemVersion) {
        StringBuilder out = new StringBuilder();
        if (all) {
            out.append(versionLine(tandemVersion)).append('\n');
        }
        out.append(title(format));
        for (ServiceStatus service : ordered(services, format.sort())) {
            serviceLine(out, service, format);
            for (RealServerStatus real : orderedServers(service.realServers(), format.sort())) {
                realServerLine(out, real, format);
            }
        }
        return out.toString();
    }

    static String title(IpvsadmFormat f) {
        if (f.stats()) {
            return String.format(
                    "%-33s %8s %8s %8s %8s %8s\n  -> RemoteAddress:Port\n",
                    PROT_LOCAL, "Conns", "InPkts", "OutPkts", "InBytes", "OutBytes");
        }
        if (f.rate()) {
            return String.format(
                    "%-33s %8s %8s %8s %8s %8s\n  -> RemoteAddress:Port\n",
                    PROT_LOCAL, "CPS", "InPPS", "OutPPS", "InBPS", "OutBPS");
        }
        if (f.thresholds()) {
            return String.format(
                    "%-33s %-10s %-10s %-10s %-10s\n  -> RemoteAddress:Port\n",
                    PROT_LOCAL, "Uthreshold", "Lthreshold", "ActiveConn", "InActConn");
        }
        if (f.persistentConn()) {
            return String.format(
                    "%-33s %-9s %-11s %-10s %-10s\n  -> RemoteAddress:Port\n",
                    PROT_LOCAL, "Weight", "PersistConn", "ActiveConn", "InActConn");
        }
        return """
                Prot LocalAddress:Port Scheduler Flags
                  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
                """;
    }

    private static void serviceLine(StringBuilder out, ServiceStatus s, IpvsadmFormat f) {
        String name = truncate(protocolName(s.key().protocol()) + "  " + addressPort(s.key()), 33);
        if (f.stats()) {
            out.append(String.format("%-33s", name));
            counters(out, s.stats(), f.exact());
        } else if (f.rate()) {
            out.append(String.format("%-33s", name));
            Rates r = s.rates();
            for (long v : new long[] {r.cps(), r.inPps(), r.outPps(), r.inBps(), r.outBps()}) {
                out.append(largeNumber(v, f.exact()));
            }
        } else {
            out.append(name).append(' ').append(s.scheduler());
            Integer timeout = s.persistenceSeconds();
            if (timeout != null) {
                out.append(" persistent ").append(timeout);
                String mask = nonHostMask(s.persistenceNetmask());
                if (mask != null) {
                    out.append(" mask ").append(mask);
                }
            }
        }
        out.append('\n');
    }

    private static void realServerLine(StringBuilder out, RealServerStatus r, IpvsadmFormat f) {
        String name = truncate(addressPort(r.address(), r.port()), 28);
        if (f.stats()) {
            out.append(String.format("  -> %-28s", name));
            counters(out, r.stats(), f.exact());
            out.append('\n');
        } else if (f.rate()) {
            Rates rates = r.rates();
            out.append(
                    String.format(
                            "  -> %-28s %8d %8d %8d",
                            name, rates.cps(), rates.inPps(), rates.outPps()));
            out.append(largeNumber(rates.inBps(), f.exact()));
            out.append(largeNumber(rates.outBps(), f.exact()));
            out.append('\n');
        } else if (f.thresholds()) {
            out.append(
                    String.format(
                            "  -> %-28s %-10d %-10d %-10d %-10d\n",
                            name,
                            r.upperThreshold(),
                            r.lowerThreshold(),
                            r.activeConnections(),
                            r.inactiveConnections()));
        } else if (f.persistentConn()) {
            out.append(
                    String.format(
                            "  -> %-28s %-9d %-11d %-10d %-10d\n",
                            name,
                            r.weight(),
                            r.persistentConnections(),
                            r.activeConnections(),
                            r.inactiveConnections()));
        } else {
            out.append(
                    String.format(
                            "  -> %-28s %-7s %-6d %-10d %-10d\n",
                            name,
                            r.forwarding().listed(),
                            r.weight(),
                            r.activeConnections(),
                            r.inactiveConnections()));
        }
    }

    private static void counters(StringBuilder out, Counters c, boolean exact) {
        for (long v :
                new long[] {
                    c.connections(), c.packetsIn(), c.packetsOut(), c.bytesIn(), c.bytesOut()
                }) {
            out.append(largeNumber(v, exact));
        }
    }

    /**
     * ipvsadm's print_largenum: 9 columns; {@code --exact} widens for longer numbers, otherwise
     * from 100 million up the number is divided and marked K (thousands), M, G or T.
     */
    static String largeNumber(long value, boolean exact) {
        String digits = Long.toUnsignedString(value);
        if (exact) {
            int width = digits.length() <= 8 ? 9 : digits.length() + 1;
            return " ".repeat(width - digits.length()) + digits;
        }
        if (Long.compareUnsigned(value, 100_000_000L) < 0) {
            return String.format("%9s", digits);
        }
        if (Long.compareUnsigned(value, 1_000_000_000L) < 0) {
            return scaled(value, 1_000L, 'K');
        }
        if (Long.compareUnsigned(value, 100_000_000_000L) < 0) {
            return scaled(value, 1_000_000L, 'M');
        }
        if (Long.compareUnsigned(value, 100_000_000_000_000L) < 0) {
            return scaled(value, 1_000_000_000L, 'G');
        }
        return scaled(value, 1_000_000_000_000L, 'T');
    }

    private static String scaled(long value, long divisor, char unit) {
        return String.format(
                "%8s%c", Long.toUnsignedString(Long.divideUnsigned(value, divisor)), unit);
    }

    /** {@code -S}: ipvsadm's rules, which {@code -R} reads back. */
    static String save(List<ServiceStatus> services) {
        StringBuilder out = new StringBuilder();
        for (ServiceStatus s : services) {
            String svc =
                    (s.key().protocol() == ServiceProtocol.TCP ? "-t " : "-u ")
                            + addressPort(s.key());
            out.append("-A ").append(svc).append(" -s ").append(s.scheduler());
            Integer timeout = s.persistenceSeconds();
            if (timeout != null) {
                out.append(" -p ").append(timeout);
                String mask = nonHostMask(s.persistenceNetmask());
                if (mask != null) {
                    out.append(" -M ").append(mask);
                }
            }
            out.append('\n');
            for (RealServerStatus r : s.realServers()) {
                out.append("-a ")
                        .append(svc)
                        .append(" -r ")
                        .append(addressPort(r.address(), r.port()))
                        .append(' ')
                        .append(r.forwarding().option())
                        .append(" -w ")
                        .append(r.weight());
                // ipvsadm 1.31 drops thresholds here; Tandem keeps them so -R restores them too.
                if (r.upperThreshold() != 0) {
                    out.append(" -x ").append(r.upperThreshold());
                }
                if (r.lowerThreshold() != 0) {
                    out.append(" -y ").append(r.lowerThreshold());
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** {@code -c}: ipvsadm's list_conn and print_conn. */
    static String connections(List<ConnectionEntry> entries, IpvsadmFormat format) {
        StringBuilder out = new StringBuilder("IPVS connection entries\n");
        if (format.persistentConn()) {
            out.append(
                    String.format(
                            "pro expire %-11s %-18s %-18s %-18s %-16s %s\n",
                            "state", "source", "virtual", "destination", "pe name", "pe_data"));
        } else {
            out.append(
                    String.format(
                            "pro expire %-11s %-18s %-18s %s\n",
                            "state", "source", "virtual", "destination"));
        }
        for (ConnectionEntry e : entries) {
            long seconds = Math.max(0, e.expiresMillis() / 1000);
            String expire = String.format("%02d:%02d", seconds / 60, seconds % 60);
            out.append(
                    String.format(
                            "%-3s %-6s %-11s %-18s %-18s %s\n",
                            protocolName(e.protocol()),
                            expire,
                            e.state(),
                            e.client(),
                            e.virtual(),
                            e.destination()));
        }
        return out.toString();
    }

    static String protocolName(ServiceProtocol protocol) {
        return protocol == ServiceProtocol.TCP ? "TCP" : "UDP";
    }

    static String addressPort(ServiceKey key) {
        return addressPort(key.address(), key.port());
    }

    /** {@code a.b.c.d:port}, or {@code [v6]:port} as ipvsadm writes IPv6. */
    static String addressPort(String address, int port) {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }

    /** ipvsadm cuts IPv4 names to their column; IPv6 ones run on. */
    private static String truncate(String text, int width) {
        return text.length() > width && text.indexOf('[') < 0 ? text.substring(0, width) : text;
    }

    private static @Nullable String nonHostMask(@Nullable String mask) {
        if (mask == null || mask.equals("255.255.255.255") || mask.equals("128")) {
            return null;
        }
        return mask;
    }

    private static List<ServiceStatus> ordered(List<ServiceStatus> services, boolean sort) {
        if (!sort) {
            return services;
        }
        List<ServiceStatus> sorted = new ArrayList<>(services);
        // ipvsadm --sort: <protocol, address, port>; TCP (6) sorts before UDP (17).
        sorted.sort(
                Comparator.comparing((ServiceStatus s) -> s.key().protocol())
                        .thenComparing(
                                s -> addressBytes(s.key().address()), Arrays::compareUnsigned)
                        .thenComparingInt(s -> s.key().port()));
        return sorted;
    }

    private static List<RealServerStatus> orderedServers(
            List<RealServerStatus> servers, boolean sort) {
        if (!sort) {
            return servers;
        }
        List<RealServerStatus> sorted = new ArrayList<>(servers);
        sorted.sort(
                Comparator.comparing(
                                (RealServerStatus r) -> addressBytes(r.address()),
                                Arrays::compareUnsigned)
                        .thenComparingInt(RealServerStatus::port));
        return sorted;
    }

    /** IPv4 before IPv6, then by value; an unparsable address sorts last by its text. */
    private static byte[] addressBytes(String address) {
        try {
            byte[] raw = InetAddress.ofLiteral(address).getAddress();
            byte[] keyed = new byte[17];
            keyed[0] = (byte) raw.length;
            System.arraycopy(raw, 0, keyed, 1, raw.length);
            return keyed;
        } catch (IllegalArgumentException e) {
            byte[] text =
                    address.toLowerCase(Locale.ROOT)
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] keyed = new byte[text.length + 1];
            keyed[0] = (byte) 0xff;
            System.arraycopy(text, 0, keyed, 1, text.length);
            return keyed;
        }
    }
}
