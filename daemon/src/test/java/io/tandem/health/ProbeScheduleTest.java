package io.tandem.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.CheckSettings;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 5, unit = TimeUnit.SECONDS)
class ProbeScheduleTest {

    static CheckSettings settings(Duration delayLoop, Duration warmup) {
        return new CheckSettings(
                null,
                0,
                null,
                Duration.ofSeconds(5),
                1,
                Duration.ofSeconds(1),
                delayLoop,
                warmup,
                false,
                1);
    }

    @Test
    void firstProbesAreSpreadEvenlyOverTheInterval() {
        CheckSettings s = settings(Duration.ofSeconds(10), Duration.ZERO);
        assertThat(
                        IntStream.range(0, 4)
                                .mapToObj(
                                        i ->
                                                ProbeSchedule.firstDelay(
                                                        s, i, 4, new SplittableRandom(1)))
                                .toList())
                .containsExactly(
                        Duration.ZERO,
                        Duration.ofMillis(2500),
                        Duration.ofSeconds(5),
                        Duration.ofMillis(7500));
    }

    @Test
    void warmupWaitsARandomTimeUpToIt() {
        CheckSettings s = settings(Duration.ofSeconds(10), Duration.ofSeconds(3));
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100; i++) {
            assertThat(ProbeSchedule.firstDelay(s, i, 100, random))
                    .isBetween(Duration.ZERO, Duration.ofSeconds(3));
        }
    }

    @Test
    void retriesComeAfterDelayBeforeRetryOtherwiseDelayLoop() {
        CheckSettings s = settings(Duration.ofSeconds(10), Duration.ZERO);
        RiseFallCounter c = new RiseFallCounter(1, 2, true);
        assertThat(ProbeSchedule.nextDelay(s, c)).isEqualTo(Duration.ofSeconds(10));
        c.observe(false);
        assertThat(ProbeSchedule.nextDelay(s, c)).isEqualTo(Duration.ofSeconds(1));
        c.observe(false);
        assertThat(ProbeSchedule.nextDelay(s, c)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void earlyProbesAreNoMoreFrequentThanDelayBeforeRetry() {
        CheckSettings s = settings(Duration.ofSeconds(10), Duration.ZERO);
        assertThat(ProbeSchedule.earlyProbeWait(s, Duration.ofMillis(300)))
                .isEqualTo(Duration.ofMillis(700));
        assertThat(ProbeSchedule.earlyProbeWait(s, Duration.ofSeconds(4))).isZero();
    }
}
