package io.tandem.config.parse;

import io.tandem.common.HostPort;
import io.tandem.common.IpLiteral;
import io.tandem.common.Protocol;
import io.tandem.config.ClientSubnet;
import io.tandem.config.ForwardingMethod;
import io.tandem.config.HttpConfig;
import io.tandem.config.NotifyScript;
import io.tandem.config.PacketConfig;
import io.tandem.config.RealServerConfig;
import io.tandem.config.SchedulerKind;
import io.tandem.config.VirtualServerConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@code virtual_server} block while its statements are read. Checks that need the whole block or
 * the groups (address families, persistence granularity, duplicates) wait for {@link #build}.
 */
final class VirtualServerDraft {
    /** keepalived's {@code persistence_timeout} when the keyword has no value: 360 s. */
    static final Duration DEFAULT_PERSISTENCE_TIMEOUT = Duration.ofMinutes(6);

    final Statement header;
    private final @Nullable HostPort address;
    private final @Nullable Token groupName;

    Protocol protocol = Protocol.TCP;
    SchedulerKind scheduler = SchedulerKind.WLC;
    ForwardingMethod forwardingMethod = ForwardingMethod.NAT;
    @Nullable Statement methodStatement;
    @Nullable String packetInterface;
    @Nullable Statement interfaceStatement;
    @Nullable Statement packetMode;
    final List<ClientSubnet> snatClients = new ArrayList<>();
    @Nullable Statement snatStatement;
    Duration busyPoll = PacketConfig.DEFAULT_BUSY_POLL;
    @Nullable Statement busyPollStatement;
    @Nullable Statement sloppyTcp;
    Duration delayLoop = VirtualServerConfig.DEFAULT_DELAY_LOOP;
    Duration persistenceTimeout = Duration.ZERO;
    @Nullable Token persistenceGranularity;
    int quorum = 1;
    int hysteresis;
    boolean alpha;
    boolean omega;
    boolean inhibitOnFailure;
    @Nullable Statement sorryStatement;
    @Nullable HostPort sorryServer;
    final CheckSettingsDraft checkSettings = new CheckSettingsDraft();
    @Nullable NotifyScript quorumUp;
    @Nullable NotifyScript quorumDown;
    boolean smtpAlert;
    final List<RealServerDraft> realServers = new ArrayList<>();
    final HttpDraft http = new HttpDraft();

    private VirtualServerDraft(
            Statement header, @Nullable HostPort address, @Nullable Token groupName) {
        this.header = header;
        this.address = address;
        this.groupName = groupName;
    }

    /** {@code virtual_server IP PORT}; a null address means the header was bad (reported). */
    static VirtualServerDraft forAddress(Statement header, @Nullable HostPort address) {
        return new VirtualServerDraft(header, address, null);
    }

    /** {@code virtual_server group NAME}. */
    static VirtualServerDraft forGroup(Statement header, Token groupName) {
        return new VirtualServerDraft(header, null, groupName);
    }

    /** The record, or empty when the addresses are unknown; errors go to {@code values}. */
    Optional<VirtualServerConfig> build(
            Map<String, VirtualServerGroup> groups,
            Map<String, RealServerGroupDraft> realServerGroups,
            ValueReader values) {
        String name;
        List<HostPort> listen;
        if (groupName != null) {
            name = "group " + groupName.text();
            VirtualServerGroup group = groups.get(groupName.text());
            if (group == null) {
                values.error(
                        groupName,
                        "virtual_server group: no virtual_server_group named '"
                                + groupName.text()
                                + "'");
                return Optional.empty();
            }
            if (group.members().isEmpty()) {
                values.error(
                        groupName,
                        "virtual_server group: virtual_server_group "
                                + group.name()
                                + " has no addresses");
                return Optional.empty();
            }
            listen = group.members();
        } else if (address != null) {
            name = address.toString();
            listen = List.of(address);
        } else {
            return Optional.empty();
        }
        boolean ipv6 = listen.getFirst().isIpv6();
        int prefixLength = prefixLength(ipv6, values);
        if (sorryServer != null && sorryStatement != null) {
            checkFamily(sorryStatement, sorryServer, name, listen, values);
        }
        List<RealServerConfig> built = new ArrayList<>();
        CheckSettingsDraft checkDefaults =
                CheckSettingsDraft.ofVirtualServer(checkSettings, delayLoop, alpha);
        Map<HostPort, RealServerDraft> seen = new HashMap<>();
        for (RealServerDraft real : realServers) {
            HostPort rip = real.address;
            if (rip == null) {
                continue;
            }
            RealServerDraft first = seen.putIfAbsent(rip, real);
            if (first != null) {
                values.error(
                        real.statement.keyword(),
                        "duplicate real_server "
                                + rip
                                + " in virtual_server "
                                + name
                                + " (first at "
                                + first.statement.position()
                                + ")");
                continue;
            }
            checkFamily(real.statement, rip, name, listen, values);
            built.add(real.build(rip, inhibitOnFailure, checkDefaults, values));
        }
        HttpConfig httpConfig = null;
        Statement l7 = http.firstUse;
        if (protocol == Protocol.HTTP) {
            httpConfig =
                    http.build(
                            name,
                            header.position(),
                            scheduler,
                            built,
                            realServerGroups,
                            real -> {
                                HostPort rip = real.address;
                                if (rip == null) {
                                    return null;
                                }
                                checkFamily(real.statement, rip, name, listen, values);
                                return real.build(rip, inhibitOnFailure, checkDefaults, values);
                            },
                            values);
        } else if (l7 != null) {
            values.error(
                    l7.keyword(),
                    "'"
                            + l7.name()
                            + "' needs protocol HTTP (virtual_server "
                            + name
                            + " is "
                            + protocol
                            + ")");
        }
        checkPacketForwarding(name, listen, values);
        return Optional.of(
                new VirtualServerConfig(
                        name,
                        listen,
                        protocol,
                        scheduler,
                        forwardingMethod,
                        delayLoop,
                        persistenceTimeout,
                        prefixLength,
                        quorum,
                        hysteresis,
                        alpha,
                        omega,
                        sorryServer,
                        built,
                        header.position(),
                        quorumUp,
                        quorumDown,
                        smtpAlert,
                        httpConfig,
                        packetInterface == null
                                ? null
                                : new PacketConfig(
                                        packetInterface,
                                        snatClients,
                                        busyPoll,
                                        sloppyTcp != null)));
    }

    /**
     * Packet forwarding: lb_kind DR or TUN, or lb_kind NAT with packet_mode; TCP or UDP over IPv4
     * on a named interface. The record says packet forwarding by a non-null interface.
     */
    private void checkPacketForwarding(String name, List<HostPort> listen, ValueReader values) {
        Statement method = methodStatement;
        Statement natPackets = packetMode;
        Statement where;
        String kind;
        if (forwardingMethod != ForwardingMethod.NAT && method != null) {
            where = method;
            kind = method.name() + " " + forwardingMethod.name();
            if (natPackets != null) {
                values.error(
                        natPackets.keyword(),
                        "packet_mode is for lb_kind NAT ("
                                + forwardingMethod.name()
                                + " always forwards packets)");
            }
        } else if (forwardingMethod == ForwardingMethod.NAT && natPackets != null) {
            where = natPackets;
            kind = "packet_mode";
        } else {
            strayStatement(
                    snatStatement,
                    "snat_clients is for lb_kind NAT with packet_mode (the full proxy always"
                            + " answers from its own address); virtual_server "
                            + name
                            + " is a full proxy",
                    values);
            for (Statement stray : Arrays.asList(busyPollStatement, sloppyTcp)) {
                if (stray != null) {
                    values.error(
                            stray.keyword(),
                            stray.name()
                                    + " is for packet forwarding (lb_kind DR or TUN, or lb_kind"
                                    + " NAT with packet_mode); virtual_server "
                                    + name
                                    + " is a full proxy");
                }
            }
            Statement stray = interfaceStatement;
            if (stray != null) {
                values.error(
                        stray.keyword(),
                        "interface is for packet forwarding (lb_kind DR or TUN, or lb_kind NAT"
                                + " with packet_mode); virtual_server "
                                + name
                                + " is a full proxy");
                packetInterface = null;
            }
            return;
        }
        if (forwardingMethod != ForwardingMethod.NAT) {
            strayStatement(
                    snatStatement,
                    "snat_clients is for lb_kind NAT with packet_mode ("
                            + forwardingMethod.name()
                            + " replies go from the real server to the client directly)",
                    values);
        }
        if (packetInterface == null) {
            values.error(
                    where.keyword(),
                    kind
                            + " needs 'interface IFNAME' in virtual_server "
                            + name
                            + " (Tandem keyword): the interface the VIP's frames arrive on");
        }
        if (protocol == Protocol.HTTP) {
            values.error(
                    where.keyword(),
                    kind
                            + " forwards packets (protocol TCP or UDP); protocol HTTP needs the"
                            + " full proxy (lb_kind NAT without packet_mode)");
        }
        for (HostPort vip : listen) {
            if (vip.isIpv6()) {
                values.error(
                        where.keyword(),
                        kind + " is IPv4 only for now; virtual_server " + name + " is IPv6");
                return;
            }
        }
    }

    private void strayStatement(@Nullable Statement stray, String message, ValueReader values) {
        if (stray != null) {
            values.error(stray.keyword(), message);
            snatClients.clear();
        }
    }

    /**
     * keepalived's NAT rule, kept because Tandem's own NAT (packet-level) will need it: the real
     * server answers to the address it was sent from, so both ends share a family.
     */
    private static void checkFamily(
            Statement statement,
            HostPort server,
            String name,
            List<HostPort> listen,
            ValueReader values) {
        for (HostPort vip : listen) {
            if (vip.isIpv6() != server.isIpv6()) {
                values.error(
                        statement.keyword(),
                        statement.name()
                                + " "
                                + server
                                + " is "
                                + family(server)
                                + " but virtual_server "
                                + name
                                + " is "
                                + family(vip)
                                + " (lb_kind NAT needs one address family)");
                return;
            }
        }
    }

    private static String family(HostPort address) {
        return address.isIpv6() ? "IPv6" : "IPv4";
    }

    /** IPv4 takes a netmask (255.255.255.0), IPv6 a prefix length (64), as in keepalived. */
    private int prefixLength(boolean ipv6, ValueReader values) {
        Token token = persistenceGranularity;
        if (token == null) {
            return ipv6 ? 128 : 32;
        }
        if (ipv6) {
            return values.integer("persistence_granularity", token, 1, 128).orElse(128);
        }
        Optional<InetAddress> mask = IpLiteral.parse(token.text());
        if (mask.isPresent() && mask.get().getAddress().length == 4) {
            int bits = java.nio.ByteBuffer.wrap(mask.get().getAddress()).getInt();
            int prefix = Integer.bitCount(bits);
            if (prefix > 0 && bits == (int) (0xffffffffL << (32 - prefix))) {
                return prefix;
            }
        }
        values.expected(
                "persistence_granularity",
                "an IPv4 netmask such as 255.255.255.0 (contiguous ones)",
                token);
        return 32;
    }
}
