package io.tandem.config.parse;

import io.tandem.config.VrrpTrack;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The {@code vrrp_instance} section: one virtual router. */
final class VrrpInstanceKeywords {
    static final String SECTION = "vrrp_instance";

    /** keepalived's range for a tracking weight. */
    static final int MAX_WEIGHT = 253;

    static final KeywordTable<VrrpInstanceDraft> TABLE = new KeywordTable<>(SECTION, keywords());

    private VrrpInstanceKeywords() {}

    private static List<Keyword<VrrpInstanceDraft>> keywords() {
        List<Keyword<VrrpInstanceDraft>> k = new ArrayList<>();
        k.add(Keyword.value("state", "state MASTER|BACKUP", VrrpInstanceKeywords::state));
        k.add(
                Keyword.value(
                        "interface",
                        "interface NAME",
                        (s, d, v) -> d.interfaceName = s.argument(0).text()));
        k.add(
                Keyword.value(
                        "virtual_router_id",
                        "virtual_router_id N",
                        (s, d, v) ->
                                VrrpValues.ranged(v, s.name(), s.argument(0), 1, 255)
                                        .ifPresent(n -> d.virtualRouterId = n)));
        k.add(
                Keyword.value(
                        "priority",
                        "priority N",
                        (s, d, v) ->
                                VrrpValues.ranged(v, s.name(), s.argument(0), 1, 255)
                                        .ifPresent(n -> d.priority = n)));
        k.add(
                Keyword.value(
                        "advert_int",
                        "advert_int SECONDS",
                        (s, d, v) ->
                                v.fractionalSeconds(s.name(), s.argument(0))
                                        .ifPresent(
                                                t -> {
                                                    d.advertInterval = t;
                                                    d.advertIntervalToken = s.argument(0);
                                                })));
        k.add(
                Keyword.value(
                        "version",
                        "version 2|3",
                        (s, d, v) ->
                                VrrpValues.ranged(v, s.name(), s.argument(0), 2, 3)
                                        .ifPresent(n -> d.version = n)));
        k.add(
                new Keyword.Supported<>(
                        "authentication",
                        "authentication",
                        0,
                        0,
                        Keyword.BlockUse.REQUIRED,
                        false,
                        (s, d, v) -> {
                            d.authToken = s.keyword();
                            AuthenticationKeywords.TABLE.bind(s.children(), d, v);
                        }));
        k.add(
                block(
                        "virtual_ipaddress",
                        (s, d, v) ->
                                VirtualIpAddressLines.read(s, v)
                                        .forEach(d.virtualIpAddresses::add)));
        k.add(
                block(
                        "virtual_ipaddress_excluded",
                        (s, d, v) ->
                                VirtualIpAddressLines.read(s, v)
                                        .forEach(d.excludedIpAddresses::add)));
        k.add(Keyword.flag("nopreempt", (s, d, v) -> d.nopreempt = true));
        k.add(
                Keyword.value(
                        "preempt_delay",
                        "preempt_delay SECONDS",
                        (s, d, v) ->
                                v.fractionalSeconds(s.name(), s.argument(0))
                                        .ifPresent(t -> d.preemptDelay = t)));
        k.add(
                Keyword.value(
                        "garp_master_delay",
                        "garp_master_delay SECONDS",
                        (s, d, v) ->
                                v.seconds(s.name(), s.argument(0), 0, 3600)
                                        .ifPresent(t -> d.garpMasterDelay = t)));
        k.add(
                Keyword.value(
                        "garp_master_repeat",
                        "garp_master_repeat N",
                        (s, d, v) ->
                                VrrpValues.ranged(v, s.name(), s.argument(0), 1, 255)
                                        .ifPresent(n -> d.garpMasterRepeat = n)));
        k.add(
                Keyword.value(
                        "garp_master_refresh",
                        "garp_master_refresh SECONDS",
                        (s, d, v) ->
                                v.seconds(s.name(), s.argument(0), 0, 86400)
                                        .ifPresent(t -> d.garpMasterRefresh = t)));
        k.add(
                Keyword.value(
                        "garp_master_refresh_repeat",
                        "garp_master_refresh_repeat N",
                        (s, d, v) ->
                                VrrpValues.ranged(v, s.name(), s.argument(0), 1, 255)
                                        .ifPresent(n -> d.garpMasterRefreshRepeat = n)));
        k.add(
                Keyword.value(
                        "unicast_src_ip",
                        "unicast_src_ip IP",
                        (s, d, v) ->
                                v.address(s.name(), s.argument(0))
                                        .ifPresent(a -> d.sourceAddress = a)));
        k.add(
                Keyword.value(
                        "mcast_src_ip",
                        "mcast_src_ip IP",
                        (s, d, v) ->
                                v.address(s.name(), s.argument(0))
                                        .ifPresent(a -> d.sourceAddress = a)));
        k.add(block("unicast_peer", VrrpInstanceKeywords::unicastPeer));
        k.add(block("track_interface", (s, d, v) -> tracks(s, v, d.trackInterfaces::add)));
        k.add(block("track_script", (s, d, v) -> tracks(s, v, d.trackScripts::add)));
        k.add(VrrpValues.command("notify_master", (d, c) -> d.notifyMaster = c));
        k.add(VrrpValues.command("notify_backup", (d, c) -> d.notifyBackup = c));
        k.add(VrrpValues.command("notify_fault", (d, c) -> d.notifyFault = c));
        k.add(VrrpValues.command("notify_stop", (d, c) -> d.notifyStop = c));
        k.add(VrrpValues.command("notify", (d, c) -> d.notify = c));
        k.add(Keyword.flag("smtp_alert", (s, d, v) -> d.smtpAlert = true));
        k.addAll(
                KeywordTable.notSupportedYet(
                        "this VRRP option is not supported yet",
                        "use_vmac",
                        "vmac_xmit_base",
                        "native_ipv6",
                        "dont_track_primary",
                        "track_file",
                        "track_process",
                        "track_bfd",
                        "virtual_routes",
                        "virtual_rules",
                        "accept",
                        "no_accept",
                        "strict_mode",
                        "skip_check_adv_addr",
                        "check_unicast_src",
                        "unicast_ttl",
                        "old_unicast_checksum",
                        "notify_master_rx_lower_pri",
                        "notify_deleted",
                        "debug",
                        "lvs_sync_daemon_interface",
                        "garp_lower_prio_delay",
                        "garp_lower_prio_repeat",
                        "lower_prio_no_advert",
                        "higher_prio_send_advert",
                        "kernel_rx_buf_size",
                        "linkbeat_use_polling",
                        "mcast_dst_ip",
                        "unicast_fault_no_peer"));
        return k;
    }

    private static Keyword<VrrpInstanceDraft> block(
            String name, Keyword.Action<VrrpInstanceDraft> action) {
        return new Keyword.Supported<>(name, name, 0, 0, Keyword.BlockUse.REQUIRED, false, action);
    }

    private static void state(Statement s, VrrpInstanceDraft d, ValueReader v) {
        switch (s.argument(0).text()) {
            case "MASTER" -> d.stateMaster = true;
            case "BACKUP" -> d.stateMaster = false;
            default -> v.expected(s.name(), "MASTER or BACKUP", s.argument(0));
        }
    }

    private static void unicastPeer(Statement s, VrrpInstanceDraft d, ValueReader v) {
        for (Statement line : s.children()) {
            if (!line.arguments().isEmpty() || line.block() != null) {
                v.error(line.keyword(), "unicast_peer: expected one address per line");
                continue;
            }
            v.address(s.name(), line.keyword()).ifPresent(d.unicastPeers::add);
        }
    }

    /** Lines {@code NAME [weight N]} of track_interface and track_script. */
    static void tracks(Statement s, ValueReader v, Consumer<VrrpTrack> add) {
        for (Statement line : s.children()) {
            List<Token> args = line.arguments();
            Integer weight = null;
            if (args.size() == 2 && args.get(0).text().equals("weight")) {
                var n = VrrpValues.ranged(v, "weight", args.get(1), -MAX_WEIGHT, MAX_WEIGHT);
                if (n.isEmpty()) {
                    continue;
                }
                weight = n.getAsInt();
            } else if (!args.isEmpty() || line.block() != null) {
                v.error(line.keyword(), s.name() + ": expected 'NAME [weight N]'");
                continue;
            }
            add.accept(new VrrpTrack(line.name(), weight, line.position()));
        }
    }
}
