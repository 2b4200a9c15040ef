package io.tandem.config.parse;

import io.tandem.common.HostPort;
import java.util.ArrayList;
import java.util.List;

/**
 * What may stand outside every block. {@code include} is not here: the parser replaces it by the
 * included statements before any table sees them.
 */
final class TopLevelKeywords {
    static final String SECTION = "top level";

    static final KeywordTable<ConfigDraft> TABLE = new KeywordTable<>(SECTION, keywords());

    private TopLevelKeywords() {}

    private static List<Keyword<ConfigDraft>> keywords() {
        List<Keyword<ConfigDraft>> k = new ArrayList<>();
        k.add(
                new Keyword.Supported<>(
                        "global_defs",
                        "global_defs",
                        0,
                        0,
                        Keyword.BlockUse.REQUIRED,
                        false,
                        (s, c, v) -> GlobalDefsKeywords.TABLE.bind(s.children(), c.globalDefs, v)));
        k.add(
                new Keyword.Supported<>(
                        "virtual_server",
                        "virtual_server IP PORT or virtual_server group NAME",
                        2,
                        2,
                        Keyword.BlockUse.REQUIRED,
                        true,
                        TopLevelKeywords::virtualServer));
        k.add(
                new Keyword.Supported<>(
                        "virtual_server_group",
                        "virtual_server_group NAME",
                        1,
                        1,
                        Keyword.BlockUse.REQUIRED,
                        true,
                        TopLevelKeywords::virtualServerGroup));
        k.add(
                named(
                        "real_server_group",
                        (s, c, v) -> {
                            RealServerGroupDraft g = new RealServerGroupDraft(s);
                            RealServerGroupKeywords.TABLE.bind(s.children(), g, v);
                            RealServerGroupDraft first =
                                    c.realServerGroups.putIfAbsent(g.name(), g);
                            if (first != null) {
                                v.error(
                                        s.argument(0),
                                        "duplicate real_server_group "
                                                + g.name()
                                                + " (first at "
                                                + first.statement.position()
                                                + ")");
                            }
                        }));
        k.add(
                named(
                        "vrrp_instance",
                        (s, c, v) -> {
                            VrrpInstanceDraft d = new VrrpInstanceDraft(s);
                            VrrpInstanceKeywords.TABLE.bind(s.children(), d, v);
                            c.vrrp.instances.add(d);
                        }));
        k.add(
                named(
                        "vrrp_script",
                        (s, c, v) -> {
                            VrrpScriptDraft d = new VrrpScriptDraft(s);
                            VrrpScriptKeywords.TABLE.bind(s.children(), d, v);
                            c.vrrp.scripts.add(d);
                        }));
        k.add(
                named(
                        "vrrp_sync_group",
                        (s, c, v) -> {
                            VrrpSyncGroupDraft d = new VrrpSyncGroupDraft(s);
                            VrrpSyncGroupKeywords.TABLE.bind(s.children(), d, v);
                            c.vrrp.syncGroups.add(d);
                        }));
        k.add(
                new Keyword.Supported<>(
                        "dns_service",
                        "dns_service",
                        0,
                        0,
                        Keyword.BlockUse.REQUIRED,
                        false,
                        TopLevelKeywords::dnsService));
        k.addAll(
                KeywordTable.notSupportedYet(
                        "this VRRP feature is not supported yet",
                        "vrrp_track_file",
                        "track_file",
                        "vrrp_track_process",
                        "track_process",
                        "static_ipaddress",
                        "static_routes",
                        "static_rules",
                        "garp_group",
                        "linkbeat_interfaces"));
        k.addAll(KeywordTable.notSupportedYet("BFD is not supported yet", "bfd_instance"));
        return k;
    }

    /** {@code KEYWORD NAME { ... }}, repeatable: the VRRP blocks. */
    private static Keyword<ConfigDraft> named(String name, Keyword.Action<ConfigDraft> action) {
        return new Keyword.Supported<>(
                name, name + " NAME", 1, 1, Keyword.BlockUse.REQUIRED, true, action);
    }

    private static void virtualServer(Statement s, ConfigDraft c, ValueReader v) {
        Token first = s.argument(0);
        VirtualServerDraft vs;
        if (first.text().equals("group")) {
            vs = VirtualServerDraft.forGroup(s, s.argument(1));
        } else if (first.text().equals("fwmark")) {
            v.error(
                    first,
                    "virtual_server fwmark is not supported yet (it needs packet-level"
                            + " forwarding)");
            return;
        } else {
            HostPort address = v.hostPort(s.name(), first, s.argument(1)).orElse(null);
            vs = VirtualServerDraft.forAddress(s, address);
        }
        // Bound even when the header is bad, so the block's own errors are reported too.
        VirtualServerKeywords.TABLE.bind(s.children(), vs, v);
        c.virtualServers.add(vs);
    }

    private static void dnsService(Statement s, ConfigDraft c, ValueReader v) {
        DnsServiceDraft dns = new DnsServiceDraft(s);
        DnsServiceKeywords.TABLE.bind(s.children(), dns, v);
        c.dnsService = dns;
    }

    private static void virtualServerGroup(Statement s, ConfigDraft c, ValueReader v) {
        Token name = s.argument(0);
        List<HostPort> members = new ArrayList<>();
        VirtualServerGroupKeywords.TABLE.bind(s.children(), members, v);
        VirtualServerGroup previous = c.groups.get(name.text());
        if (previous != null) {
            v.error(
                    name,
                    "duplicate virtual_server_group "
                            + name.text()
                            + " (first at "
                            + previous.position()
                            + ")");
            return;
        }
        c.groups.put(name.text(), new VirtualServerGroup(name.text(), members, s.position()));
    }
}
