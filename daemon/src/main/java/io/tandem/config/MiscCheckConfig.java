package io.tandem.config;

import java.time.Duration;

/**
 * {@code MISC_CHECK { misc_path ...; misc_timeout N; misc_dynamic; user U }}: runs a program; exit
 * 0 is up, 1 down, and with {@code misc_dynamic} 2..255 is up with weight code−2 (keepalived).
 *
 * @param script {@code misc_path} and {@code user}
 * @param timeout {@code misc_timeout}: a script still running then is killed and counts as failed
 *     (the checker's {@code connect_timeout} when not given, as keepalived uses delay_loop; see
 *     docs/config.md)
 */
public record MiscCheckConfig(
        CheckSettings settings,
        NotifyScript script,
        Duration timeout,
        boolean dynamic,
        SourcePosition position)
        implements CheckConfig {

    @Override
    public String keyword() {
        return "MISC_CHECK";
    }
}
