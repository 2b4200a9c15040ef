package io.tandem.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 5, unit = TimeUnit.SECONDS)
class RiseFallCounterTest {

    private static List<Change> feed(RiseFallCounter c, boolean... results) {
        List<Change> out = new ArrayList<>();
        for (boolean r : results) {
            out.add(c.observe(r));
        }
        return out;
    }

    @Test
    void anUpCheckerGoesDownAtTheFallthConsecutiveFailure() {
        RiseFallCounter c = new RiseFallCounter(1, 3, true);
        assertThat(feed(c, false, false, true, false, false, false))
                .containsExactly(
                        Change.PENDING,
                        Change.PENDING,
                        Change.UNCHANGED,
                        Change.PENDING,
                        Change.PENDING,
                        Change.CHANGED);
        assertThat(c.up()).isFalse();
        assertThat(c.failures()).isEqualTo(3);
    }

    @Test
    void riseOneIsKeepalivedsBehaviourOnePassBringsItBack() {
        RiseFallCounter c = new RiseFallCounter(1, 1, false);
        assertThat(c.observe(true)).isEqualTo(Change.CHANGED);
        assertThat(c.up()).isTrue();
    }

    @Test
    void aFlappingServerStaysOutUntilRisePassesInARow() {
        RiseFallCounter c = new RiseFallCounter(3, 1, false);
        assertThat(feed(c, true, true, false, true, true, false, true, true, true))
                .containsExactly(
                        Change.PENDING,
                        Change.PENDING,
                        Change.UNCHANGED,
                        Change.PENDING,
                        Change.PENDING,
                        Change.UNCHANGED,
                        Change.PENDING,
                        Change.PENDING,
                        Change.CHANGED);
        assertThat(c.up()).isTrue();
    }

    @Test
    void retryingMeansUpWithFailuresLeft() {
        RiseFallCounter c = new RiseFallCounter(1, 2, true);
        assertThat(c.retrying()).isFalse();
        c.observe(false);
        assertThat(c.retrying()).isTrue();
        c.observe(false);
        assertThat(c.retrying()).as("down: back to delay_loop").isFalse();
    }
}
