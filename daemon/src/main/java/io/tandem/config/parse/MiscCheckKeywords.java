package io.tandem.config.parse;

import io.tandem.config.NotifyScript;
import java.util.ArrayList;
import java.util.List;

/** {@code MISC_CHECK { ... }}: a script whose exit code is the verdict. */
final class MiscCheckKeywords {
    static final String SECTION = "MISC_CHECK";

    static final KeywordTable<CheckDraft> TABLE = new KeywordTable<>(SECTION, keywords());

    private MiscCheckKeywords() {}

    private static List<Keyword<CheckDraft>> keywords() {
        List<Keyword<CheckDraft>> k = new ArrayList<>();
        k.add(
                Keyword.value(
                        "misc_path",
                        "misc_path SCRIPT",
                        (s, c, v) -> {
                            if (s.argument(0).text().isBlank()) {
                                v.expected(s.name(), "a program to run", s.argument(0));
                            } else {
                                c.miscPath =
                                        new NotifyScript(
                                                s.argument(0).text(), null, null, s.position());
                            }
                        }));
        k.add(
                Keyword.value(
                        "misc_timeout",
                        "misc_timeout SECONDS",
                        (s, c, v) ->
                                v.fractionalSeconds(s.name(), s.argument(0))
                                        .ifPresent(t -> c.miscTimeout = t)));
        k.add(Keyword.flag("misc_dynamic", (s, c, v) -> c.miscDynamic = true));
        k.add(
                new Keyword.Supported<>(
                        "user",
                        "user USER [GROUP]",
                        1,
                        2,
                        Keyword.BlockUse.NONE,
                        false,
                        (s, c, v) -> {
                            c.user = s.argument(0).text();
                            c.group = s.arguments().size() > 1 ? s.argument(1).text() : null;
                        }));
        k.addAll(
                CheckSettingsKeywords.<CheckDraft>of(
                        c -> c.settings,
                        "retry",
                        "delay_before_retry",
                        "delay_loop",
                        "warmup",
                        "alpha",
                        "rise"));
        return k;
    }
}
