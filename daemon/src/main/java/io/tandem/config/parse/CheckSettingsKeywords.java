package io.tandem.config.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The checker timing keywords ({@code connect_timeout}, {@code retry}, ...), defined once and
 * listed by each section that accepts them: virtual_server and real_server set defaults for their
 * checkers, a checker sets its own.
 */
final class CheckSettingsKeywords {
    /** Tandem's bound for {@code rise}: beyond it a server would practically never return. */
    static final int MAX_RISE = 1000;

    private CheckSettingsKeywords() {}

    /** The named keywords, reading and writing the draft that {@code settings} returns. */
    static <D> List<Keyword<D>> of(Function<D, CheckSettingsDraft> settings, String... names) {
        List<Keyword<D>> k = new ArrayList<>();
        for (String name : names) {
            k.add(keyword(name, settings));
        }
        return k;
    }

    private static <D> Keyword<D> keyword(String name, Function<D, CheckSettingsDraft> settings) {
        return switch (name) {
            case "connect_timeout" ->
                    Keyword.value(
                            name,
                            "connect_timeout SECONDS",
                            (s, d, v) ->
                                    v.fractionalSeconds(s.name(), s.argument(0))
                                            .ifPresent(t -> settings.apply(d).connectTimeout = t));
            case "retry", "nb_get_retry" ->
                    Keyword.value(
                            name,
                            name + " N",
                            (s, d, v) ->
                                    v.integer(s.name(), s.argument(0), 0, Integer.MAX_VALUE - 1)
                                            .ifPresent(n -> settings.apply(d).retry = n));
            case "delay_before_retry" ->
                    Keyword.value(
                            name,
                            "delay_before_retry SECONDS",
                            (s, d, v) ->
                                    v.fractionalSeconds(s.name(), s.argument(0))
                                            .ifPresent(
                                                    t -> settings.apply(d).delayBeforeRetry = t));
            case "delay_loop" ->
                    Keyword.value(
                            name,
                            "delay_loop SECONDS",
                            (s, d, v) ->
                                    v.fractionalSeconds(s.name(), s.argument(0))
                                            .ifPresent(t -> settings.apply(d).delayLoop = t));
            case "warmup" ->
                    Keyword.value(
                            name,
                            "warmup SECONDS",
                            (s, d, v) ->
                                    v.seconds(s.name(), s.argument(0), 0, 86_400)
                                            .ifPresent(t -> settings.apply(d).warmup = t));
            case "rise" ->
                    Keyword.value(
                            name,
                            "rise N",
                            (s, d, v) ->
                                    v.integer(s.name(), s.argument(0), 1, MAX_RISE)
                                            .ifPresent(n -> settings.apply(d).rise = n));
            case "alpha" -> Keyword.flag(name, (s, d, v) -> settings.apply(d).alpha = true);
            default -> throw new IllegalArgumentException("not a checker setting: " + name);
        };
    }
}
