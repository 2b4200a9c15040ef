package io.tandem.config.parse;

import java.util.ArrayList;
import java.util.List;

/** {@code PING_CHECK { ... }}: an ICMP or ICMPv6 echo. */
final class PingCheckKeywords {
    static final String SECTION = "PING_CHECK";

    static final KeywordTable<CheckDraft> TABLE = new KeywordTable<>(SECTION, keywords());

    private PingCheckKeywords() {}

    private static List<Keyword<CheckDraft>> keywords() {
        List<Keyword<CheckDraft>> k = new ArrayList<>(CheckTargetKeywords.connectIpAndBindTo());
        k.addAll(
                CheckSettingsKeywords.<CheckDraft>of(
                        c -> c.settings,
                        "connect_timeout",
                        "retry",
                        "delay_before_retry",
                        "delay_loop",
                        "warmup",
                        "alpha",
                        "rise"));
        k.addAll(CheckTargetKeywords.notSupported());
        return k;
    }
}
