package io.tandem.config.parse;

import java.util.ArrayList;
import java.util.List;

/** {@code HTTP_GET { ... }} and {@code SSL_GET { ... }}: fetch urls and check status and digest. */
final class HttpGetKeywords {
    static final KeywordTable<CheckDraft> HTTP_TABLE =
            new KeywordTable<>("HTTP_GET", keywords(false));
    static final KeywordTable<CheckDraft> SSL_TABLE = new KeywordTable<>("SSL_GET", keywords(true));

    private HttpGetKeywords() {}

    private static List<Keyword<CheckDraft>> keywords(boolean tls) {
        List<Keyword<CheckDraft>> k = new ArrayList<>();
        k.add(
                new Keyword.Supported<>(
                        "url",
                        "url { path PATH ... }",
                        0,
                        0,
                        Keyword.BlockUse.REQUIRED,
                        true,
                        (s, c, v) -> {
                            UrlDraft url = new UrlDraft(s);
                            UrlKeywords.TABLE.bind(s.children(), url, v);
                            url.build(v).ifPresent(c.urls::add);
                        }));
        k.add(
                Keyword.value(
                        "virtualhost",
                        "virtualhost NAME",
                        (s, c, v) -> c.virtualhost = s.argument(0).text()));
        if (tls) {
            k.add(Keyword.flag("enable_sni", (s, c, v) -> c.sni = true));
        }
        k.addAll(CheckTargetKeywords.connectIpAndBindTo());
        k.add(CheckTargetKeywords.connectPort());
        k.addAll(
                CheckSettingsKeywords.<CheckDraft>of(
                        c -> c.settings,
                        "connect_timeout",
                        "retry",
                        "nb_get_retry",
                        "delay_before_retry",
                        "delay_loop",
                        "warmup",
                        "alpha",
                        "rise"));
        k.addAll(CheckTargetKeywords.notSupported());
        k.addAll(
                KeywordTable.notSupportedYet(
                        "HTTP request options are not supported yet (Tandem sends HTTP/1.0"
                                + " like keepalived's default)",
                        "http_protocol",
                        "fast_recovery"));
        return k;
    }
}
