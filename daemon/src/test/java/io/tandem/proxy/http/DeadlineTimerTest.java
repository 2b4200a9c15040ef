package io.tandem.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class DeadlineTimerTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final DeadlineTimer timer;
    private final List<String> ran = new ArrayList<>();

    DeadlineTimerTest() {
        channel.freezeTime();
        timer = new DeadlineTimer(channel.eventLoop());
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private void advanceMillis(long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    private static long millis(long m) {
        return TimeUnit.MILLISECONDS.toNanos(m);
    }

    @Test
    void anArmedActionRunsOnceAtItsDeadline() {
        timer.arm(millis(100), () -> ran.add("head"));
        advanceMillis(99);
        assertThat(ran).isEmpty();
        advanceMillis(1);
        assertThat(ran).containsExactly("head");
        advanceMillis(1000);
        assertThat(ran).containsExactly("head");
    }

    @Test
    void reArmingLaterMovesTheDeadlineAndReplacesTheAction() {
        timer.arm(millis(100), () -> ran.add("head"));
        advanceMillis(50);
        timer.arm(millis(100), () -> ran.add("idle"));
        advanceMillis(60); // the first scheduled run finds the deadline moved
        assertThat(ran).isEmpty();
        advanceMillis(40);
        assertThat(ran).containsExactly("idle");
    }

    @Test
    void reArmingEarlierStillFiresOnTime() {
        timer.arm(millis(1000), () -> ran.add("idle"));
        timer.arm(millis(10), () -> ran.add("head"));
        advanceMillis(10);
        assertThat(ran).containsExactly("head");
    }

    @Test
    void aDisarmedTimerRunsNothingUntilArmedAgain() {
        timer.arm(millis(100), () -> ran.add("response"));
        timer.disarm();
        advanceMillis(200);
        assertThat(ran).isEmpty();
        timer.arm(millis(100), () -> ran.add("idle"));
        advanceMillis(100);
        assertThat(ran).containsExactly("idle");
    }

    @Test
    void aDeadlineMovedEveryMillisecondFiresOnlyOnceLeftAlone() {
        for (int i = 0; i < 1000; i++) {
            timer.arm(millis(100), () -> ran.add("idle"));
            advanceMillis(1);
        }
        assertThat(ran).isEmpty();
        advanceMillis(100);
        assertThat(ran).containsExactly("idle");
    }

    @Test
    void cancelRunsNothingEvenAtTheDeadline() {
        timer.arm(millis(100), () -> ran.add("head"));
        timer.cancel();
        advanceMillis(500);
        assertThat(ran).isEmpty();
    }
}
