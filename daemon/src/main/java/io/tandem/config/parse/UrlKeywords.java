package io.tandem.config.parse;

import io.tandem.config.StatusCodes;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code url { path ...; status_code ...; digest ... }} inside HTTP_GET and SSL_GET. */
final class UrlKeywords {
    static final String SECTION = "url";

    private static final Pattern CODE_OR_RANGE = Pattern.compile("([0-9]{1,9})(?:-([0-9]{1,9}))?");
    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-fA-F]{32}");
    private static final int MIN_STATUS = 100;
    private static final int MAX_STATUS = 599;

    static final KeywordTable<UrlDraft> TABLE = new KeywordTable<>(SECTION, keywords());

    private UrlKeywords() {}

    private static List<Keyword<UrlDraft>> keywords() {
        List<Keyword<UrlDraft>> k = new ArrayList<>();
        k.add(
                Keyword.value(
                        "path",
                        "path PATH",
                        (s, u, v) -> {
                            String path = s.argument(0).text();
                            if (path.startsWith("/") && path.chars().noneMatch(c -> c <= ' ')) {
                                u.path = path;
                            } else {
                                v.expected(
                                        s.name(),
                                        "a path starting with / (no blanks)",
                                        s.argument(0));
                            }
                        }));
        k.add(
                new Keyword.Supported<>(
                        "status_code",
                        "status_code CODE|LOW-HIGH ...",
                        1,
                        64,
                        Keyword.BlockUse.NONE,
                        false,
                        UrlKeywords::statusCodes));
        k.add(
                Keyword.value(
                        "digest",
                        "digest MD5HEX",
                        (s, u, v) -> {
                            String hex = s.argument(0).text();
                            if (MD5_HEX.matcher(hex).matches()) {
                                u.digest = HexFormat.of().formatHex(HexFormat.of().parseHex(hex));
                            } else {
                                v.expected(
                                        s.name(),
                                        "an MD5 digest of 32 hex digits (see tandem genhash)",
                                        s.argument(0));
                            }
                        }));
        k.addAll(
                KeywordTable.notSupportedYet(
                        "regular expressions on the body are not supported yet",
                        "regex",
                        "regex_no_match",
                        "regex_options",
                        "regex_stack",
                        "regex_min_offset",
                        "regex_max_offset"));
        k.addAll(
                KeywordTable.notSupportedYet(
                        "a virtualhost per url is not supported yet (set it in the checker)",
                        "virtualhost"));
        return k;
    }

    private static void statusCodes(Statement s, UrlDraft u, ValueReader v) {
        for (Token t : s.arguments()) {
            Matcher m = CODE_OR_RANGE.matcher(t.text());
            if (m.matches()) {
                int low = Integer.parseInt(m.group(1));
                int high = m.group(2) == null ? low : Integer.parseInt(m.group(2));
                if (low >= MIN_STATUS && high <= MAX_STATUS && low <= high) {
                    u.statusCodes.add(new StatusCodes.Range(low, high));
                    continue;
                }
            }
            v.expected(
                    s.name(),
                    "an HTTP status "
                            + MIN_STATUS
                            + ".."
                            + MAX_STATUS
                            + " or a range such as 200-299",
                    t);
        }
    }
}
