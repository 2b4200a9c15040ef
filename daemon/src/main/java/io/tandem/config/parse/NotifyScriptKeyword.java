package io.tandem.config.parse;

import io.tandem.config.NotifyScript;
import java.util.function.BiConsumer;

/** keepalived's script keywords: {@code notify_up SCRIPT [USER [GROUP]]}, {@code quorum_up ...}. */
final class NotifyScriptKeyword {
    private NotifyScriptKeyword() {}

    static <D> Keyword<D> of(String name, BiConsumer<D, NotifyScript> set) {
        return new Keyword.Supported<>(
                name,
                name + " SCRIPT [USER [GROUP]]",
                1,
                3,
                Keyword.BlockUse.NONE,
                false,
                (s, d, v) -> {
                    Token script = s.argument(0);
                    if (script.text().isBlank()) {
                        v.expected(s.name(), "a program to run", script);
                        return;
                    }
                    set.accept(
                            d,
                            new NotifyScript(
                                    script.text(),
                                    s.arguments().size() > 1 ? s.argument(1).text() : null,
                                    s.arguments().size() > 2 ? s.argument(2).text() : null,
                                    s.position()));
                });
    }
}
