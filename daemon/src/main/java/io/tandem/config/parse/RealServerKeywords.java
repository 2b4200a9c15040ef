package io.tandem.config.parse;

import java.util.ArrayList;
import java.util.List;

/** The {@code real_server} section: one backend of a virtual server. */
final class RealServerKeywords {
    static final String SECTION = "real_server";

    /** keepalived's upper bound for {@code weight}. */
    static final int MAX_WEIGHT = 65535;

    static final KeywordTable<RealServerDraft> TABLE = new KeywordTable<>(SECTION, keywords());

    private RealServerKeywords() {}

    private static List<Keyword<RealServerDraft>> keywords() {
        List<Keyword<RealServerDraft>> k = new ArrayList<>();
        k.add(
                Keyword.value(
                        "weight",
                        "weight N",
                        (s, r, v) ->
                                v.integer(s.name(), s.argument(0), 0, MAX_WEIGHT)
                                        .ifPresent(n -> r.weight = n)));
        k.add(Keyword.flag("inhibit_on_failure", (s, r, v) -> r.inhibitOnFailure = true));
        k.add(
                Keyword.value(
                        "uthreshold",
                        "uthreshold N",
                        (s, r, v) ->
                                v.integer(s.name(), s.argument(0), 0, Integer.MAX_VALUE)
                                        .ifPresent(n -> r.upperThreshold = n)));
        k.add(
                Keyword.value(
                        "lthreshold",
                        "lthreshold N",
                        (s, r, v) ->
                                v.integer(s.name(), s.argument(0), 0, Integer.MAX_VALUE)
                                        .ifPresent(n -> r.lowerThreshold = n)));
        k.add(checker("TCP_CHECK", TcpCheckKeywords.TABLE));
        k.add(checker("HTTP_GET", HttpGetKeywords.HTTP_TABLE));
        k.add(checker("SSL_GET", HttpGetKeywords.SSL_TABLE));
        k.add(checker("MISC_CHECK", MiscCheckKeywords.TABLE));
        k.add(checker("PING_CHECK", PingCheckKeywords.TABLE));
        k.addAll(
                KeywordTable.notSupportedYet(
                        "this checker is not supported yet",
                        "SMTP_CHECK",
                        "DNS_CHECK",
                        "BFD_CHECK",
                        "UDP_CHECK",
                        "FILE_CHECK"));
        k.addAll(
                CheckSettingsKeywords.<RealServerDraft>of(
                        r -> r.checkSettings,
                        "delay_loop",
                        "connect_timeout",
                        "retry",
                        "delay_before_retry",
                        "warmup",
                        "rise"));
        k.addAll(
                KeywordTable.notSupportedYet(
                        "a virtualhost default outside the checker is not supported yet (set it"
                                + " in HTTP_GET or SSL_GET)",
                        "virtualhost"));
        k.add(NotifyScriptKeyword.of("notify_up", (r, script) -> r.notifyUp = script));
        k.add(NotifyScriptKeyword.of("notify_down", (r, script) -> r.notifyDown = script));
        k.add(OnOff.keyword("smtp_alert", (r, on) -> r.smtpAlert = on));
        k.addAll(
                KeywordTable.notSupportedYet(
                        "a forwarding method per real server is not supported yet", "lvs_method"));
        return k;
    }

    /** A checker block: its own table reads the inside. */
    private static Keyword<RealServerDraft> checker(String name, KeywordTable<CheckDraft> table) {
        return new Keyword.Supported<>(
                name,
                name + " { ... }",
                0,
                0,
                Keyword.BlockUse.OPTIONAL,
                true,
                (s, r, v) -> {
                    CheckDraft check = new CheckDraft(s);
                    table.bind(s.children(), check, v);
                    r.checks.add(check);
                });
    }
}
