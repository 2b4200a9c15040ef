package io.tandem.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * Skips a test that this host cannot run, with the reason; under {@code CI=true} the same condition
 * fails the test instead, because CI must run everything.
 */
public final class HostSupport {

    private HostSupport() {}

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    public static void require(boolean available, String whyNot) {
        if (available) {
            return;
        }
        if (inCi()) {
            throw new AssertionError("CI=true but this test cannot run: " + whyNot);
        }
        Assumptions.abort(whyNot);
    }
}
