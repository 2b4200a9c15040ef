package io.tandem.config.parse;

import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;

/** keepalived's optional boolean argument: {@code smtp_alert}, {@code smtp_alert no}. */
final class OnOff {
    private OnOff() {}

    static <D> Keyword<D> keyword(String name, BiConsumer<D, Boolean> set) {
        return new Keyword.Supported<>(
                name,
                name + " [on|off]",
                0,
                1,
                Keyword.BlockUse.NONE,
                false,
                (s, d, v) -> read(s, v).ifPresent(b -> set.accept(d, b)));
    }

    private static Optional<Boolean> read(Statement s, ValueReader v) {
        if (s.arguments().isEmpty()) {
            return Optional.of(true);
        }
        Token word = s.argument(0);
        return switch (word.text().toLowerCase(Locale.ROOT)) {
            case "on", "yes", "true" -> Optional.of(true);
            case "off", "no", "false" -> Optional.of(false);
            default -> {
                v.expected(s.name(), "on or off (or nothing, meaning on)", word);
                yield Optional.empty();
            }
        };
    }
}
