package io.tandem.health;

/**
 * One probe's outcome as a checker's loop hands it to the control thread.
 *
 * @param check which checker of its real server (index in the config's list)
 * @param checker its name, {@code HTTP_GET 10.0.0.3:80}
 * @param result what the probe found
 * @param change what it did to the checker's state
 * @param checkerUp the checker's state after it
 * @param consecutive how many results in a row agree with this one (the 3rd failure: 3)
 */
public record CheckReport(
        int check,
        String checker,
        ProbeResult result,
        Change change,
        boolean checkerUp,
        int consecutive) {

    /** {@code HTTP_GET /health returned 503 (expected 200-299), 3rd failure}. */
    public String reason() {
        return result.detail()
                + ", "
                + Ordinal.of(consecutive)
                + (result.up() ? " success" : " failure");
    }
}
