package io.tandem.health;

/**
 * Turns a stream of pass/fail results into up/down: an up checker goes down after {@code fall}
 * consecutive failures (keepalived's retry + 1), a down one comes up after {@code rise} consecutive
 * successes (keepalived behaves as rise 1; more keeps a flapping server out). Pure; not
 * thread-safe: one checker's loop owns it.
 */
public final class RiseFallCounter {
    private final int rise;
    private final int fall;
    private boolean up;
    private int successes;
    private int failures;

    /**
     * @param startUp false for {@code alpha}: the checker starts failed
     */
    public RiseFallCounter(int rise, int fall, boolean startUp) {
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise and fall must be at least 1");
        }
        this.rise = rise;
        this.fall = fall;
        this.up = startUp;
    }

    public Change observe(boolean passed) {
        if (passed) {
            failures = 0;
            successes = saturatedIncrement(successes);
            if (up) {
                return Change.UNCHANGED;
            }
            if (successes >= rise) {
                up = true;
                return Change.CHANGED;
            }
            return Change.PENDING;
        }
        successes = 0;
        failures = saturatedIncrement(failures);
        if (!up) {
            return Change.UNCHANGED;
        }
        if (failures >= fall) {
            up = false;
            return Change.CHANGED;
        }
        return Change.PENDING;
    }

    public boolean up() {
        return up;
    }

    /** Consecutive passes so far (0 after a failure). */
    public int successes() {
        return successes;
    }

    /** Consecutive failures so far (0 after a pass). */
    public int failures() {
        return failures;
    }

    /** An up checker that has failed but not yet {@code fall} times: keepalived retries sooner. */
    public boolean retrying() {
        return up && failures > 0;
    }

    private static int saturatedIncrement(int n) {
        return n == Integer.MAX_VALUE ? n : n + 1;
    }
}
