package io.tandem.config.parse;

import java.util.OptionalInt;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Value checks the VRRP sections share. A number out of range reads like keepalived's own
 * complaint, {@code priority 300 out of range (expected 1..255)}, rather than a generic form.
 */
final class VrrpValues {
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,9}");

    private VrrpValues() {}

    static OptionalInt ranged(ValueReader v, String keyword, Token token, int min, int max) {
        if (!INTEGER.matcher(token.text()).matches()) {
            v.expected(keyword, "an integer in " + min + ".." + max, token);
            return OptionalInt.empty();
        }
        int value = Integer.parseInt(token.text());
        if (value < min || value > max) {
            v.error(
                    token,
                    keyword + " " + value + " out of range (expected " + min + ".." + max + ")");
            return OptionalInt.empty();
        }
        return OptionalInt.of(value);
    }

    /** The whole line of a command keyword: keepalived allows it unquoted over several words. */
    static String commandLine(Statement s) {
        return String.join(" ", s.arguments().stream().map(Token::text).toList());
    }

    /** A notify command keyword: the rest of the line, quoted or not, as keepalived reads it. */
    static <D> Keyword<D> command(String name, BiConsumer<D, String> set) {
        return new Keyword.Supported<>(
                name,
                name + " COMMAND",
                1,
                Integer.MAX_VALUE,
                Keyword.BlockUse.NONE,
                false,
                (s, d, v) -> set.accept(d, commandLine(s)));
    }
}
