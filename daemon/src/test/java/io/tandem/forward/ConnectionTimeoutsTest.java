package io.tandem.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConnectionTimeoutsTest {

    @Test
    void zeroLeavesATimeoutAsItIsAsIpvsadmSetDoes() {
        ConnectionTimeouts changed = ConnectionTimeouts.IPVS_DEFAULTS.with(3600, 0, 20);
        assertThat(changed)
                .isEqualTo(
                        new ConnectionTimeouts(
                                Duration.ofHours(1),
                                Duration.ofMinutes(2),
                                Duration.ofSeconds(20)));
        assertThat(changed.with(0, 0, 0)).isEqualTo(changed);
        assertThat(changed.nanos(ConnectionState.ESTABLISHED))
                .isEqualTo(Duration.ofHours(1).toNanos());
        assertThat(changed.nanos(ConnectionState.UDP)).isEqualTo(Duration.ofSeconds(20).toNanos());
    }

    @Test
    void negativeTimeoutsAreRefused() {
        assertThatThrownBy(() -> ConnectionTimeouts.IPVS_DEFAULTS.with(-1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
