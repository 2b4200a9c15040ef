package io.tandem.script;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How one run of a script ended.
 *
 * @param exitCode the process exit status (0..255; 128+N when killed by signal N); -1 when it could
 *     not start or timed out
 * @param timedOut true when the script outlived its timeout and was killed
 * @param startError why the script did not start (not found, refused by script security, unknown
 *     user); null when it started
 * @param output the first 4 KiB of stdout and stderr together, decoded as UTF-8, for logs and "why
 *     down"
 * @param took wall time from start to end (or to the kill)
 */
public record ScriptResult(
        int exitCode, boolean timedOut, @Nullable String startError, String output, Duration took) {

    static ScriptResult notStarted(String why) {
        return new ScriptResult(-1, false, why, "", Duration.ZERO);
    }

    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }

    /** {@code "exit 1"}, {@code "timed out after 3 s"}, {@code "could not start: ..."}. */
    public String describe() {
        if (startError != null) {
            return "could not start: " + startError;
        }
        if (timedOut) {
            return "timed out after " + seconds(took) + " s";
        }
        return "exit " + exitCode;
    }

    /** Tenths of a second, without a trailing ".0": "3", "0.5". */
    private static String seconds(Duration duration) {
        long tenths = Math.round(duration.toMillis() / 100.0);
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : (tenths / 10) + "." + (tenths % 10);
    }
}
