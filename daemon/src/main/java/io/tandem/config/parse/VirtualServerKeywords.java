package io.tandem.config.parse;

import io.tandem.common.IpLiteral;
import io.tandem.common.Protocol;
import io.tandem.config.ClientSubnet;
import io.tandem.config.ForwardingMethod;
import io.tandem.config.PacketConfig;
import io.tandem.config.SchedulerKind;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The {@code virtual_server} section: one service Tandem accepts and balances. */
final class VirtualServerKeywords {
    static final String SECTION = "virtual_server";

    static final KeywordTable<VirtualServerDraft> TABLE = new KeywordTable<>(SECTION, keywords());

    private VirtualServerKeywords() {}

    private static List<Keyword<VirtualServerDraft>> keywords() {
        List<Keyword<VirtualServerDraft>> k = new ArrayList<>();
        k.add(
                Keyword.value(
                        "delay_loop",
                        "delay_loop SECONDS",
                        (s, vs, v) ->
                                v.fractionalSeconds(s.name(), s.argument(0))
                                        .ifPresent(d -> vs.delayLoop = d)));
        k.add(Keyword.value("lb_algo", "lb_algo SCHEDULER", VirtualServerKeywords::scheduler));
        k.add(Keyword.value("lvs_sched", "lvs_sched SCHEDULER", VirtualServerKeywords::scheduler));
        k.add(Keyword.value("lb_kind", "lb_kind NAT|DR|TUN", VirtualServerKeywords::method));
        k.add(Keyword.value("lvs_method", "lvs_method NAT|DR|TUN", VirtualServerKeywords::method));
        k.add(
                Keyword.value(
                        "protocol",
                        "protocol TCP|UDP|HTTP|HTTPS",
                        VirtualServerKeywords::protocol));
        k.add(
                Keyword.value(
                        "interface",
                        "interface IFNAME",
                        (s, vs, v) -> {
                            Token name = s.argument(0);
                            int length = name.text().length();
                            if (length == 0 || length > 15 || name.text().contains("/")) {
                                v.error(
                                        name,
                                        "interface: '"
                                                + name.text()
                                                + "' is not an interface name (1 to 15"
                                                + " characters, no '/')");
                            } else {
                                vs.packetInterface = name.text();
                                vs.interfaceStatement = s;
                            }
                        }));
        k.add(
                Keyword.value(
                        "packet_busy_poll",
                        "packet_busy_poll MICROSECONDS",
                        (s, vs, v) ->
                                v.integer(
                                                s.name(),
                                                s.argument(0),
                                                0,
                                                PacketConfig.MAX_BUSY_POLL_MICROS)
                                        .ifPresent(
                                                n -> {
                                                    vs.busyPoll = Duration.ofNanos(n * 1000L);
                                                    vs.busyPollStatement = s;
                                                })));
        k.add(
                new Keyword.Supported<>(
                        "snat_clients",
                        "snat_clients CIDR [CIDR...]",
                        1,
                        16,
                        Keyword.BlockUse.NONE,
                        false,
                        VirtualServerKeywords::snatClients));
        k.add(
                new Keyword.Supported<>(
                        "persistence_timeout",
                        "persistence_timeout [SECONDS]",
                        0,
                        1,
                        Keyword.BlockUse.NONE,
                        false,
                        (s, vs, v) -> {
                            if (s.arguments().isEmpty()) {
                                vs.persistenceTimeout =
                                        VirtualServerDraft.DEFAULT_PERSISTENCE_TIMEOUT;
                            } else {
                                v.seconds(s.name(), s.argument(0), 1, Integer.MAX_VALUE)
                                        .ifPresent(d -> vs.persistenceTimeout = d);
                            }
                        }));
        k.add(
                Keyword.value(
                        "persistence_granularity",
                        "persistence_granularity NETMASK|PREFIX_LENGTH",
                        (s, vs, v) -> vs.persistenceGranularity = s.argument(0)));
        k.add(
                Keyword.value(
                        "quorum",
                        "quorum N",
                        (s, vs, v) ->
                                v.integer(s.name(), s.argument(0), 1, Integer.MAX_VALUE)
                                        .ifPresent(n -> vs.quorum = n)));
        k.add(
                Keyword.value(
                        "hysteresis",
                        "hysteresis N",
                        (s, vs, v) ->
                                v.integer(s.name(), s.argument(0), 0, Integer.MAX_VALUE)
                                        .ifPresent(n -> vs.hysteresis = n)));
        k.add(Keyword.flag("packet_mode", (s, vs, v) -> vs.packetMode = s));
        k.add(Keyword.flag("sloppy_tcp", (s, vs, v) -> vs.sloppyTcp = s));
        k.add(Keyword.flag("alpha", (s, vs, v) -> vs.alpha = true));
        k.add(Keyword.flag("omega", (s, vs, v) -> vs.omega = true));
        k.add(Keyword.flag("inhibit_on_failure", (s, vs, v) -> vs.inhibitOnFailure = true));
        k.add(
                new Keyword.Supported<>(
                        "sorry_server",
                        "sorry_server IP PORT",
                        2,
                        2,
                        Keyword.BlockUse.NONE,
                        false,
                        (s, vs, v) -> {
                            vs.sorryStatement = s;
                            v.hostPort(s.name(), s.argument(0), s.argument(1))
                                    .ifPresent(a -> vs.sorryServer = a);
                        }));
        k.add(
                new Keyword.Supported<>(
                        "real_server",
                        "real_server IP PORT",
                        2,
                        2,
                        Keyword.BlockUse.OPTIONAL,
                        true,
                        VirtualServerKeywords::realServer));
        k.addAll(
                CheckSettingsKeywords.<VirtualServerDraft>of(
                        vs -> vs.checkSettings,
                        "connect_timeout",
                        "retry",
                        "delay_before_retry",
                        "warmup",
                        "rise"));
        k.addAll(HttpKeywords.keywords());
        k.add(NotifyScriptKeyword.of("quorum_up", (vs, script) -> vs.quorumUp = script));
        k.add(NotifyScriptKeyword.of("quorum_down", (vs, script) -> vs.quorumDown = script));
        k.add(OnOff.keyword("smtp_alert", (vs, on) -> vs.smtpAlert = on));
        k.addAll(
                KeywordTable.notSupportedYet(
                        "suspending checks with VRRP is not supported yet", "ha_suspend"));
        k.addAll(
                KeywordTable.notSupportedYet(
                        "a virtualhost default outside the checker is not supported yet (set it"
                                + " in HTTP_GET or SSL_GET)",
                        "virtualhost"));
        k.addAll(
                KeywordTable.notSupportedYet(
                        "scheduler flags are not supported yet",
                        "hashed",
                        "flag-1",
                        "flag-2",
                        "flag-3",
                        "sh-port",
                        "sh-fallback",
                        "mh-port",
                        "mh-fallback"));
        k.addAll(KeywordTable.notSupportedYet("one-packet scheduling is not supported yet", "ops"));
        k.addAll(
                KeywordTable.notSupportedYet(
                        "persistence engines are not supported yet", "persistence_engine"));
        k.addAll(
                KeywordTable.notSupportedYet(
                        "sorry server options are not supported yet",
                        "sorry_server_inhibit",
                        "sorry_server_lvs_method"));
        k.addAll(
                KeywordTable.notSupportedYet(
                        "ip_family is not supported yet (the family comes from the addresses)",
                        "ip_family"));
        return k;
    }

    private static void scheduler(Statement s, VirtualServerDraft vs, ValueReader v) {
        Token name = s.argument(0);
        SchedulerKind.byIpvsName(name.text())
                .ifPresentOrElse(
                        kind -> vs.scheduler = kind,
                        () ->
                                v.error(
                                        name,
                                        s.name()
                                                + ": unknown scheduler '"
                                                + name.text()
                                                + "' (expected one of "
                                                + Arrays.stream(SchedulerKind.values())
                                                        .map(SchedulerKind::ipvsName)
                                                        .collect(Collectors.joining(", "))
                                                + ")"));
    }

    /** {@code snat_clients 10.97.0.0/24 ...}: IPv4 subnets, host bits zero. */
    private static void snatClients(Statement s, VirtualServerDraft vs, ValueReader v) {
        vs.snatStatement = s;
        for (Token token : s.arguments()) {
            String text = token.text();
            int slash = text.indexOf('/');
            Optional<InetAddress> network =
                    slash > 0 ? IpLiteral.parse(text.substring(0, slash)) : Optional.empty();
            int prefix = -1;
            if (slash > 0 && text.length() > slash + 1 && text.length() <= slash + 3) {
                try {
                    prefix = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
            }
            if (network.isEmpty()
                    || !(network.get() instanceof Inet4Address v4)
                    || prefix < 0
                    || prefix > 32) {
                v.expected(s.name(), "an IPv4 subnet such as 10.97.0.0/24", token);
                continue;
            }
            int bits = ByteBuffer.wrap(v4.getAddress()).getInt();
            int hostMask = prefix == 32 ? 0 : -1 >>> prefix;
            if ((bits & hostMask) != 0) {
                v.error(
                        token,
                        s.name()
                                + ": '"
                                + text
                                + "' has host bits set (the subnet is "
                                + subnetOf(bits & ~hostMask)
                                + "/"
                                + prefix
                                + ")");
                continue;
            }
            vs.snatClients.add(new ClientSubnet(v4, prefix));
        }
    }

    private static String subnetOf(int bits) {
        return (bits >>> 24)
                + "."
                + ((bits >>> 16) & 0xff)
                + "."
                + ((bits >>> 8) & 0xff)
                + "."
                + (bits & 0xff);
    }

    private static void method(Statement s, VirtualServerDraft vs, ValueReader v) {
        Token word = s.argument(0);
        switch (word.text().toUpperCase(Locale.ROOT)) {
            case "NAT" -> vs.forwardingMethod = ForwardingMethod.NAT;
            case "DR" -> {
                vs.forwardingMethod = ForwardingMethod.DR;
                vs.methodStatement = s;
            }
            case "TUN" -> {
                vs.forwardingMethod = ForwardingMethod.TUN;
                vs.methodStatement = s;
            }
            default -> v.expected(s.name(), "NAT, DR or TUN", word);
        }
    }

    private static void protocol(Statement s, VirtualServerDraft vs, ValueReader v) {
        Token word = s.argument(0);
        switch (word.text().toUpperCase(Locale.ROOT)) {
            case "TCP" -> vs.protocol = Protocol.TCP;
            case "UDP" -> vs.protocol = Protocol.UDP;
            case "HTTP" -> vs.protocol = Protocol.HTTP;
            case "HTTPS" -> {
                // An HTTP service whose clients speak TLS: the same L7 proxy and the same
                // ipvsadm -t listing; HttpConfig carries the certificates.
                vs.protocol = Protocol.HTTP;
                vs.http.https = word;
            }
            case "SCTP" ->
                    v.error(
                            word,
                            "protocol SCTP is not supported yet (expected TCP, UDP, HTTP or"
                                    + " HTTPS)");
            default -> v.expected(s.name(), "TCP, UDP, HTTP or HTTPS", word);
        }
    }

    private static void realServer(Statement s, VirtualServerDraft vs, ValueReader v) {
        RealServerDraft real =
                new RealServerDraft(
                        s, v.hostPort(s.name(), s.argument(0), s.argument(1)).orElse(null));
        RealServerKeywords.TABLE.bind(s.children(), real, v);
        vs.realServers.add(real);
    }
}
