package io.tandem.health;

/**
 * keepalived's quorum with hysteresis: the service is lost when the healthy weight sum drops below
 * {@code quorum − hysteresis} and regained when it reaches {@code quorum + hysteresis}. Pure; used
 * on the control thread.
 */
public final class QuorumState {
    private final long quorum;
    private final long hysteresis;
    private boolean up;

    /** Starts up when {@code initialWeight} reaches the quorum, as keepalived does at start. */
    public QuorumState(int quorum, int hysteresis, long initialWeight) {
        this.quorum = quorum;
        this.hysteresis = hysteresis;
        this.up = initialWeight >= quorum;
    }

    /** Applies a new healthy weight sum; returns true when the state flipped. */
    public boolean update(long weightSum) {
        if (up && weightSum < quorum - hysteresis) {
            up = false;
            return true;
        }
        if (!up && weightSum >= quorum + hysteresis) {
            up = true;
            return true;
        }
        return false;
    }

    public boolean up() {
        return up;
    }
}
