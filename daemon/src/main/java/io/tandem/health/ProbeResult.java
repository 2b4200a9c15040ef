package io.tandem.health;

import java.util.OptionalInt;

/**
 * What one probe found.
 *
 * @param up whether the probe passed
 * @param detail what happened, for logs and the admin CLI: {@code HTTP_GET /health returned 503
 *     (expected 200-299)}
 * @param weight a weight the probe asks for (MISC_CHECK with misc_dynamic), or empty
 */
public record ProbeResult(boolean up, String detail, OptionalInt weight) {

    public static ProbeResult passed(String detail) {
        return new ProbeResult(true, detail, OptionalInt.empty());
    }

    public static ProbeResult failed(String detail) {
        return new ProbeResult(false, detail, OptionalInt.empty());
    }

    /** Passed, and the server's weight should now be {@code weight}. */
    public static ProbeResult passedWithWeight(int weight, String detail) {
        return new ProbeResult(true, detail, OptionalInt.of(weight));
    }
}
