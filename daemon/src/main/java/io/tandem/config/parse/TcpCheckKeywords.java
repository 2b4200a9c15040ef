package io.tandem.config.parse;

import java.util.ArrayList;
import java.util.List;

/** {@code TCP_CHECK { ... }}: a TCP connect. */
final class TcpCheckKeywords {
    static final String SECTION = "TCP_CHECK";

    static final KeywordTable<CheckDraft> TABLE = new KeywordTable<>(SECTION, keywords());

    private TcpCheckKeywords() {}

    private static List<Keyword<CheckDraft>> keywords() {
        List<Keyword<CheckDraft>> k = new ArrayList<>(CheckTargetKeywords.connectIpAndBindTo());
        k.add(CheckTargetKeywords.connectPort());
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
