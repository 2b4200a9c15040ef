package io.tandem.config.parse;

import java.util.List;

/** The {@code authentication} block of a {@code vrrp_instance} (VRRP version 2 only). */
final class AuthenticationKeywords {
    static final String SECTION = "authentication";

    static final KeywordTable<VrrpInstanceDraft> TABLE =
            new KeywordTable<>(
                    SECTION,
                    List.of(
                            Keyword.value(
                                    "auth_type",
                                    "auth_type PASS",
                                    (s, d, v) -> {
                                        switch (s.argument(0).text()) {
                                            case "PASS" -> d.authType = "PASS";
                                            case "AH" ->
                                                    v.error(
                                                            s.argument(0),
                                                            "auth_type AH is not supported yet"
                                                                    + " (RFC 3768 removed it; use"
                                                                    + " PASS or none)");
                                            default -> v.expected(s.name(), "PASS", s.argument(0));
                                        }
                                    }),
                            Keyword.value(
                                    "auth_pass",
                                    "auth_pass PASSWORD",
                                    (s, d, v) -> d.authPass = s.argument(0).text())));

    private AuthenticationKeywords() {}
}
