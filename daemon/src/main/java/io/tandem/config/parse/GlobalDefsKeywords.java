package io.tandem.config.parse;

import io.tandem.common.HostPort;
import io.tandem.config.ScriptUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** The {@code global_defs} section: Tandem's identity, where alerts go, how scripts run. */
final class GlobalDefsKeywords {
    static final String SECTION = "global_defs";
    static final int DEFAULT_SMTP_PORT = 25;
    private static final String EMAIL = "an e-mail address such as admin@example.com";

    static final KeywordTable<GlobalDefsDraft> TABLE = new KeywordTable<>(SECTION, keywords());

    private GlobalDefsKeywords() {}

    private static List<Keyword<GlobalDefsDraft>> keywords() {
        List<Keyword<GlobalDefsDraft>> k = new ArrayList<>();
        k.add(
                Keyword.value(
                        "router_id",
                        "router_id NAME",
                        (s, g, v) -> g.routerId = s.argument(0).text()));
        k.add(
                new Keyword.Supported<>(
                        "notification_email",
                        "notification_email",
                        0,
                        0,
                        Keyword.BlockUse.REQUIRED,
                        false,
                        GlobalDefsKeywords::notificationEmail));
        k.add(
                Keyword.value(
                        "notification_email_from",
                        "notification_email_from ADDRESS",
                        (s, g, v) -> {
                            if (isEmail(s.argument(0).text())) {
                                g.notificationEmailFrom = s.argument(0).text();
                            } else {
                                v.expected(s.name(), EMAIL, s.argument(0));
                            }
                        }));
        k.add(
                new Keyword.Supported<>(
                        "smtp_server",
                        "smtp_server IP [PORT]",
                        1,
                        2,
                        Keyword.BlockUse.NONE,
                        false,
                        GlobalDefsKeywords::smtpServer));
        k.add(
                Keyword.value(
                        "smtp_connect_timeout",
                        "smtp_connect_timeout SECONDS",
                        (s, g, v) ->
                                v.seconds(s.name(), s.argument(0), 1, Integer.MAX_VALUE)
                                        .ifPresent(d -> g.smtpConnectTimeout = d)));
        k.add(
                new Keyword.Supported<>(
                        "smtp_alert",
                        "smtp_alert [true|false]",
                        0,
                        1,
                        Keyword.BlockUse.NONE,
                        false,
                        (s, g, v) -> flagValue(s, v).ifPresent(on -> g.smtpAlert = on)));
        k.add(
                Keyword.value(
                        "notify_webhook",
                        "notify_webhook URL",
                        (s, g, v) ->
                                WebhookUrl.parse(s.name(), s.argument(0), v)
                                        .ifPresent(u -> g.notifyWebhook = u)));
        k.add(
                Keyword.value(
                        "notify_webhook_timeout",
                        "notify_webhook_timeout SECONDS",
                        (s, g, v) ->
                                v.seconds(s.name(), s.argument(0), 1, 300)
                                        .ifPresent(d -> g.notifyWebhookTimeout = d)));
        k.add(
                new Keyword.Supported<>(
                        "enable_script_security",
                        "enable_script_security [true|false]",
                        0,
                        1,
                        Keyword.BlockUse.NONE,
                        false,
                        (s, g, v) -> flagValue(s, v).ifPresent(on -> g.enableScriptSecurity = on)));
        k.add(
                new Keyword.Supported<>(
                        "script_user",
                        "script_user USER [GROUP]",
                        1,
                        2,
                        Keyword.BlockUse.NONE,
                        false,
                        (s, g, v) ->
                                g.scriptUser =
                                        new ScriptUser(
                                                s.argument(0).text(),
                                                s.arguments().size() == 2
                                                        ? s.argument(1).text()
                                                        : null)));
        k.add(
                Keyword.value(
                        "admin_socket",
                        "admin_socket PATH",
                        (s, g, v) -> {
                            String path = s.argument(0).text();
                            if (path.startsWith("/") && !path.endsWith("/")) {
                                g.adminSocket = java.nio.file.Path.of(path);
                            } else {
                                v.expected(s.name(), "an absolute file path", s.argument(0));
                            }
                        }));
        k.add(
                Keyword.value(
                        "admin_http",
                        "admin_http ADDRESS:PORT",
                        (s, g, v) ->
                                AdminHttpAddress.parse(s.name(), s.argument(0), v)
                                        .ifPresent(
                                                a -> {
                                                    g.adminHttp = a;
                                                    g.adminHttpPosition = s.argument(0).position();
                                                })));
        k.add(
                Keyword.value(
                        "admin_token",
                        "admin_token TOKEN",
                        (s, g, v) -> {
                            if (g.adminTokenFile != null) {
                                v.error(s.argument(0), "admin_token: admin_token_file is set too");
                            } else {
                                g.adminToken = s.argument(0).text();
                            }
                        }));
        k.add(
                Keyword.value(
                        "admin_token_file",
                        "admin_token_file PATH",
                        (s, g, v) -> {
                            if (g.adminToken != null) {
                                v.error(s.argument(0), "admin_token_file: admin_token is set too");
                            } else {
                                g.adminTokenFile = java.nio.file.Path.of(s.argument(0).text());
                            }
                        }));
        k.addAll(
                KeywordTable.notSupportedYet(
                        "e-mail alert options are not supported yet",
                        "smtp_helo_name",
                        "smtp_alert_vrrp",
                        "smtp_alert_checker",
                        "email_faults"));
        k.addAll(
                KeywordTable.notSupportedYet(
                        "scripts are not supported yet",
                        "startup_script",
                        "startup_script_timeout",
                        "shutdown_script",
                        "shutdown_script_timeout",
                        "notify_fifo",
                        "notify_fifo_script",
                        "vrrp_notify_fifo",
                        "vrrp_notify_fifo_script",
                        "lvs_notify_fifo",
                        "lvs_notify_fifo_script"));
        k.addAll(
                KeywordTable.notSupportedYet(
                        "kernel IPVS settings are not supported yet (Tandem proxies in userspace)",
                        "lvs_sync_daemon",
                        "lvs_flush",
                        "lvs_flush_on_stop"));
        k.addAll(
                KeywordTable.notSupportedYet(
                        "this VRRP option is not supported yet",
                        "vrrp_mcast_group4",
                        "vrrp_mcast_group6",
                        "vrrp_garp_interval",
                        "vrrp_gna_interval",
                        "vrrp_lower_prio_no_advert",
                        "vrrp_higher_prio_send_advert",
                        "vrrp_iptables",
                        "vrrp_ipsets",
                        "vrrp_check_unicast_src",
                        "vrrp_skip_check_adv_addr",
                        "vrrp_strict",
                        "vrrp_startup_delay",
                        "vrrp_no_swap",
                        "vrrp_priority",
                        "vrrp_rt_priority",
                        "vrrp_rlimit_rttime",
                        "max_auto_priority",
                        "dynamic_interfaces",
                        "default_interface",
                        "linkbeat_use_polling"));
        k.add(
                new Keyword.Supported<>(
                        "lvs_timeouts",
                        "lvs_timeouts [tcp SECONDS] [tcpfin SECONDS] [udp SECONDS]",
                        2,
                        6,
                        Keyword.BlockUse.NONE,
                        false,
                        LvsTimeoutsKeyword::bind));
        k.add(
                Keyword.value(
                        "vrrp_version",
                        "vrrp_version 2|3",
                        (s, g, v) ->
                                VrrpValues.ranged(v, s.name(), s.argument(0), 2, 3)
                                        .ifPresent(n -> g.vrrpVersion = n)));
        k.add(
                Keyword.value(
                        "vrrp_garp_master_delay",
                        "vrrp_garp_master_delay SECONDS",
                        (s, g, v) ->
                                v.seconds(s.name(), s.argument(0), 0, 3600)
                                        .ifPresent(t -> g.garpMasterDelay = t)));
        k.add(
                Keyword.value(
                        "vrrp_garp_master_repeat",
                        "vrrp_garp_master_repeat N",
                        (s, g, v) ->
                                VrrpValues.ranged(v, s.name(), s.argument(0), 1, 255)
                                        .ifPresent(n -> g.garpMasterRepeat = n)));
        k.add(
                Keyword.value(
                        "vrrp_garp_master_refresh",
                        "vrrp_garp_master_refresh SECONDS",
                        (s, g, v) ->
                                v.seconds(s.name(), s.argument(0), 0, 86400)
                                        .ifPresent(t -> g.garpMasterRefresh = t)));
        k.add(
                Keyword.value(
                        "vrrp_garp_master_refresh_repeat",
                        "vrrp_garp_master_refresh_repeat N",
                        (s, g, v) ->
                                VrrpValues.ranged(v, s.name(), s.argument(0), 1, 255)
                                        .ifPresent(n -> g.garpMasterRefreshRepeat = n)));
        k.addAll(
                KeywordTable.notSupportedYet(
                        "process settings are not supported yet",
                        "checker_priority",
                        "checker_no_swap",
                        "checker_rt_priority",
                        "checker_rlimit_rttime",
                        "bfd_priority",
                        "bfd_no_swap",
                        "bfd_rt_priority",
                        "bfd_rlimit_rttime",
                        "process_names",
                        "process_name",
                        "vrrp_process_name",
                        "checker_process_name",
                        "bfd_process_name",
                        "instance",
                        "use_pid_dir",
                        "net_namespace",
                        "namespace_with_ipsets"));
        k.addAll(
                KeywordTable.notSupportedYet(
                        "SNMP and D-Bus are not supported yet",
                        "snmp_socket",
                        "enable_snmp_vrrp",
                        "enable_snmp_checker",
                        "enable_snmp_rfc",
                        "enable_snmp_rfcv2",
                        "enable_snmp_rfcv3",
                        "enable_traps",
                        "enable_dbus",
                        "enable_dbus_instance"));
        return k;
    }

    /** Every word of the block is an address, one or several per line as keepalived allows. */
    private static void notificationEmail(Statement s, GlobalDefsDraft g, ValueReader v) {
        for (Statement line : s.children()) {
            Block nested = line.block();
            if (nested != null) {
                v.error(nested.opened(), "notification_email: takes no nested { ... } block");
            }
            Stream.concat(Stream.of(line.keyword()), line.arguments().stream())
                    .forEach(
                            word -> {
                                if (isEmail(word.text())) {
                                    g.notificationEmails.add(word.text());
                                } else {
                                    v.expected(s.name(), EMAIL, word);
                                }
                            });
        }
    }

    private static void smtpServer(Statement s, GlobalDefsDraft g, ValueReader v) {
        var address = v.address(s.name(), s.argument(0));
        var port =
                s.arguments().size() == 2
                        ? v.port(s.name(), s.argument(1))
                        : java.util.OptionalInt.of(DEFAULT_SMTP_PORT);
        if (address.isPresent() && port.isPresent()) {
            g.smtpServer = new HostPort(address.get(), port.getAsInt());
        }
    }

    /**
     * A keepalived boolean: absent means true, as for a bare {@code smtp_alert}; otherwise the
     * words keepalived's check_true_false accepts.
     */
    private static Optional<Boolean> flagValue(Statement s, ValueReader v) {
        if (s.arguments().isEmpty()) {
            return Optional.of(true);
        }
        Token word = s.argument(0);
        return switch (word.text().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes" -> Optional.of(true);
            case "false", "off", "no" -> Optional.of(false);
            default -> {
                v.expected(s.name(), "true or false (or on/off, yes/no)", word);
                yield Optional.empty();
            }
        };
    }

    /** Deliberately loose: the SMTP server is the judge; this catches a missing or stray word. */
    private static boolean isEmail(String text) {
        int at = text.indexOf('@');
        return at > 0 && at < text.length() - 1 && text.indexOf('@', at + 1) < 0;
    }
}
