package io.tandem.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.common.HostPort;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RealServerTest {
    private final AtomicLong nanos = new AtomicLong(TimeUnit.HOURS.toNanos(1));
    private final RealServer server =
            new RealServer(new HostPort(InetAddress.getLoopbackAddress(), 80), 1, nanos::get);

    private void advanceSeconds(long seconds) {
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    @Test
    void connectionCountsFollowIpvsadmMeaning() {
        server.connectionStarted();
        assertThat(server.inactiveConnections()).isEqualTo(1);
        assertThat(server.activeConnections()).isZero();

        server.connectionEstablished();
        assertThat(server.activeConnections()).isEqualTo(1);
        assertThat(server.inactiveConnections()).isZero();

        server.connectionClosing();
        assertThat(server.activeConnections()).isZero();
        assertThat(server.inactiveConnections()).isEqualTo(1);
        assertThat(server.traffic().connections()).isEqualTo(1);
    }

    @Test
    void closedConnectionStaysInactiveForTimeWaitThenExpires() {
        server.connectionStarted();
        server.connectionEstablished();
        server.connectionEnded(true);
        assertThat(server.activeConnections()).isZero();
        assertThat(server.inactiveConnections()).as("in TIME_WAIT").isEqualTo(1);

        advanceSeconds(119);
        server.expireTimeWait();
        assertThat(server.inactiveConnections()).isEqualTo(1);

        advanceSeconds(1);
        server.expireTimeWait();
        assertThat(server.inactiveConnections()).isZero();
    }

    @Test
    void timeWaitCountsSurviveManySecondsOfClosesWithoutDrift() {
        for (int second = 0; second < 300; second++) {
            for (int i = 0; i < 3; i++) {
                server.connectionStarted();
                server.connectionEstablished();
                server.connectionEnded(true);
            }
            advanceSeconds(1);
        }
        server.expireTimeWait();
        // Closes from seconds 181..299 are younger than 120 s at second 300: 119 seconds, three
        // each.
        assertThat(server.inactiveConnections()).isEqualTo(357);
        advanceSeconds(120);
        server.expireTimeWait();
        assertThat(server.inactiveConnections()).isZero();
    }

    @Test
    void udpSessionEndsWithoutLingering() {
        server.connectionStarted();
        server.connectionDropped();
        assertThat(server.inactiveConnections()).isZero();
    }

    @Test
    void upperThresholdOverloadsUntilBelowLowerThreshold() {
        server.setThresholds(4, 2);
        for (int i = 0; i < 4; i++) {
            server.connectionStarted();
        }
        assertThat(server.overloaded()).isTrue();

        server.connectionDropped();
        server.connectionDropped();
        assertThat(server.overloaded()).as("2 open: not yet below the lower threshold").isTrue();

        server.connectionDropped();
        assertThat(server.overloaded()).as("1 open: below the lower threshold").isFalse();
    }

    @Test
    void lowerThresholdDefaultsToThreeQuartersOfUpper() {
        server.setThresholds(8, 0);
        for (int i = 0; i < 8; i++) {
            server.connectionStarted();
        }
        assertThat(server.overloaded()).isTrue();
        server.connectionDropped();
        server.connectionDropped();
        assertThat(server.overloaded()).as("6 open, 3/4 of 8 is 6").isTrue();
        server.connectionDropped();
        assertThat(server.overloaded()).isFalse();
    }
}
