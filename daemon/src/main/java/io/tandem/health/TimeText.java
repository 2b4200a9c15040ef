package io.tandem.health;

import java.math.BigDecimal;
import java.time.Duration;

/** Durations as probe details print them: {@code 5 s}, {@code 0.5 s}, {@code 12 ms}. */
final class TimeText {
    private TimeText() {}

    static String of(Duration d) {
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return d.toMillis() + " ms";
        }
        return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }
}
