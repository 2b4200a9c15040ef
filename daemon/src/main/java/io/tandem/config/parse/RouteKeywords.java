package io.tandem.config.parse;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The {@code route} section of an HTTP virtual server: which requests go to which group. */
final class RouteKeywords {
    static final String SECTION = "route";

    // RFC 1123 labels, lower case (Host is compared case-insensitively), or "*." and labels.
    private static final Pattern HOST =
            Pattern.compile(
                    "(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    // RFC 3986 path characters; no query, no fragment, no percent-escapes (paths match raw).
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9\\-._~!$&'()*+,;=:@/]*");

    static final KeywordTable<RouteDraft> TABLE =
            new KeywordTable<>(
                    SECTION,
                    List.of(
                            new Keyword.Supported<>(
                                    "host",
                                    "host PATTERN...",
                                    1,
                                    Integer.MAX_VALUE,
                                    Keyword.BlockUse.NONE,
                                    true,
                                    RouteKeywords::host),
                            Keyword.value(
                                    "path_prefix", "path_prefix /PATH", RouteKeywords::pathPrefix),
                            Keyword.value(
                                    "real_server_group",
                                    "real_server_group NAME",
                                    (s, r, v) -> r.group = s.argument(0))));

    private RouteKeywords() {}

    private static void host(Statement s, RouteDraft r, ValueReader v) {
        for (Token t : s.arguments()) {
            String host = t.text().toLowerCase(Locale.ROOT);
            if (HOST.matcher(host).matches()) {
                r.hosts.add(host);
            } else {
                v.expected(
                        s.name(),
                        "a host name such as www.example.com or a wildcard such as *.example.com",
                        t);
            }
        }
    }

    private static void pathPrefix(Statement s, RouteDraft r, ValueReader v) {
        Token t = s.argument(0);
        if (PATH.matcher(t.text()).matches()) {
            r.pathPrefix = t.text();
        } else {
            v.expected(s.name(), "a path starting with / (no query, no %-escapes)", t);
        }
    }
}
