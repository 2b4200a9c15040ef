package io.tandem.config.parse;

import java.util.ArrayList;
import java.util.List;

/** The {@code vrrp_script} section: a command whose exit status tracks instances. */
final class VrrpScriptKeywords {
    static final String SECTION = "vrrp_script";

    static final KeywordTable<VrrpScriptDraft> TABLE = new KeywordTable<>(SECTION, keywords());

    private VrrpScriptKeywords() {}

    private static List<Keyword<VrrpScriptDraft>> keywords() {
        List<Keyword<VrrpScriptDraft>> k = new ArrayList<>();
        k.add(
                new Keyword.Supported<>(
                        "script",
                        "script COMMAND",
                        1,
                        Integer.MAX_VALUE,
                        Keyword.BlockUse.NONE,
                        false,
                        (s, d, v) -> d.script = VrrpValues.commandLine(s)));
        k.add(
                Keyword.value(
                        "interval",
                        "interval SECONDS",
                        (s, d, v) ->
                                v.fractionalSeconds(s.name(), s.argument(0))
                                        .ifPresent(t -> d.interval = t)));
        k.add(
                Keyword.value(
                        "timeout",
                        "timeout SECONDS",
                        (s, d, v) ->
                                v.fractionalSeconds(s.name(), s.argument(0))
                                        .ifPresent(t -> d.timeout = t)));
        k.add(
                new Keyword.Supported<>(
                        "weight",
                        "weight N [reverse]",
                        1,
                        1,
                        Keyword.BlockUse.NONE,
                        false,
                        (s, d, v) ->
                                VrrpValues.ranged(
                                                v,
                                                s.name(),
                                                s.argument(0),
                                                -VrrpInstanceKeywords.MAX_WEIGHT,
                                                VrrpInstanceKeywords.MAX_WEIGHT)
                                        .ifPresent(n -> d.weight = n)));
        k.add(
                Keyword.value(
                        "rise",
                        "rise N",
                        (s, d, v) ->
                                VrrpValues.ranged(v, s.name(), s.argument(0), 1, 1_000_000)
                                        .ifPresent(n -> d.rise = n)));
        k.add(
                Keyword.value(
                        "fall",
                        "fall N",
                        (s, d, v) ->
                                VrrpValues.ranged(v, s.name(), s.argument(0), 1, 1_000_000)
                                        .ifPresent(n -> d.fall = n)));
        k.addAll(
                KeywordTable.notSupportedYet(
                        "this vrrp_script option is not supported yet", "user", "init_fail"));
        return k;
    }
}
