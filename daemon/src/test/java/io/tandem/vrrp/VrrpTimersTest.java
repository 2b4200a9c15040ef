package io.tandem.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class VrrpTimersTest {

    @Test
    void v2SkewIsAFractionOfOneSecondWhateverTheInterval() {
        VrrpTimers timers = new VrrpTimers(VrrpVersion.V2, 100, Duration.ofSeconds(2));
        assertThat(timers.skewTime()).isEqualTo(Duration.ofNanos(609_375_000));
        assertThat(timers.masterDownInterval()).isEqualTo(Duration.ofNanos(6_609_375_000L));
    }

    @Test
    void v3SkewScalesWithTheMasterInterval() {
        VrrpTimers timers = new VrrpTimers(VrrpVersion.V3, 100, Duration.ofSeconds(2));
        assertThat(timers.skewTime()).isEqualTo(Duration.ofNanos(1_218_750_000));
        assertThat(timers.masterDownInterval()).isEqualTo(Duration.ofNanos(7_218_750_000L));
    }

    @Test
    void higherPriorityTimesOutFirst() {
        Duration high =
                new VrrpTimers(VrrpVersion.V2, 200, Duration.ofSeconds(1)).masterDownInterval();
        Duration low =
                new VrrpTimers(VrrpVersion.V2, 100, Duration.ofSeconds(1)).masterDownInterval();
        assertThat(high).isEqualTo(Duration.ofNanos(3_218_750_000L)).isLessThan(low);
        assertThat(new VrrpTimers(VrrpVersion.V2, 255, Duration.ofSeconds(1)).skewTime())
                .isEqualTo(Duration.ofNanos(3_906_250));
    }
}
