package io.tandem.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class GarpScheduleTest {
    private static final Instant T0 = Instant.EPOCH;

    @Test
    void aNewMasterSendsABurstNowAnotherAfterTheDelayThenRefreshes() {
        GarpSchedule garp = new GarpSchedule(Duration.ofSeconds(5), 3, Duration.ofSeconds(60), 2);
        assertThat(garp.becameMaster(T0)).isEqualTo(3);
        assertThat(garp.next()).isEqualTo(T0.plusSeconds(5));
        assertThat(garp.due(T0.plusSeconds(4))).isZero();
        assertThat(garp.due(T0.plusSeconds(5))).isEqualTo(3);
        assertThat(garp.next()).isEqualTo(T0.plusSeconds(65));
        assertThat(garp.due(T0.plusSeconds(65))).isEqualTo(2);
        assertThat(garp.next()).isEqualTo(T0.plusSeconds(125));
    }

    @Test
    void withoutRefreshNothingFollowsTheSecondBurstAndLeavingMasterStopsIt() {
        GarpSchedule garp = new GarpSchedule(Duration.ofSeconds(5), 5, Duration.ZERO, 1);
        garp.becameMaster(T0);
        assertThat(garp.due(T0.plusSeconds(5))).isEqualTo(5);
        assertThat(garp.next()).isEqualTo(Instant.MAX);

        garp.becameMaster(T0);
        garp.stop();
        assertThat(garp.due(T0.plusSeconds(5))).isZero();
    }

    @Test
    void aZeroDelaySkipsTheSecondBurst() {
        GarpSchedule garp = new GarpSchedule(Duration.ZERO, 5, Duration.ofSeconds(10), 1);
        assertThat(garp.becameMaster(T0)).isEqualTo(5);
        assertThat(garp.next()).isEqualTo(T0.plusSeconds(10));
        assertThat(garp.due(T0.plusSeconds(10))).isEqualTo(1);
    }
}
