package io.tandem.config.parse;

import java.util.List;

/** {@code connect_ip}, {@code connect_port}, {@code bind_to}: where a network checker connects. */
final class CheckTargetKeywords {
    private CheckTargetKeywords() {}

    static List<Keyword<CheckDraft>> connectIpAndBindTo() {
        return List.of(
                Keyword.value(
                        "connect_ip",
                        "connect_ip IP",
                        (s, c, v) ->
                                v.address(s.name(), s.argument(0)).ifPresent(a -> c.connectIp = a)),
                Keyword.value(
                        "bind_to",
                        "bind_to IP",
                        (s, c, v) ->
                                v.address(s.name(), s.argument(0)).ifPresent(a -> c.bindTo = a)));
    }

    static Keyword<CheckDraft> connectPort() {
        return Keyword.value(
                "connect_port",
                "connect_port PORT",
                (s, c, v) -> v.port(s.name(), s.argument(0)).ifPresent(p -> c.connectPort = p));
    }

    /** keepalived options Tandem does not have, shared by the network checkers. */
    static List<Keyword<CheckDraft>> notSupported() {
        return KeywordTable.notSupportedYet(
                "this checker option is not supported yet",
                "bind_port",
                "bind_if",
                "fwmark",
                "log_all_failures");
    }
}
