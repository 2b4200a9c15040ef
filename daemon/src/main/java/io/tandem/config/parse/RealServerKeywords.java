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
        k.addAll(
                KeywordTable.notSupportedYet(
                        "health checks are not supported yet",
                        "TCP_CHECK",
                        "HTTP_GET",
                        "SSL_GET",
                        "SMTP_CHECK",
                        "DNS_CHECK",
                        "MISC_CHECK",
                        "BFD_CHECK",
                        "UDP_CHECK",
                        "FILE_CHECK",
                        "PING_CHECK",
                        "delay_loop",
                        "connect_timeout",
                        "retry",
                        "delay_before_retry",
                        "warmup",
                        "virtualhost"));
        k.addAll(
                KeywordTable.notSupportedYet(
                        "notify scripts are not supported yet", "notify_up", "notify_down"));
        k.addAll(KeywordTable.notSupportedYet("e-mail alerts are not supported yet", "smtp_alert"));
        k.addAll(
                KeywordTable.notSupportedYet(
                        "a forwarding method per real server is not supported yet", "lvs_method"));
        return k;
    }
}
