package io.tandem.vrrp;

import static io.tandem.vrrp.Routers.HIGH_ADDRESS;
import static io.tandem.vrrp.Routers.LOW_ADDRESS;
import static io.tandem.vrrp.Routers.T0;
import static io.tandem.vrrp.Routers.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.vrrp.TwoRouterNetwork.Transition;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two instances against each other on a simulated segment, as two keepalived nodes would run. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class VrrpPairTest {

    @Test
    void higherPriorityBecomesTheOnlyMaster() {
        TwoRouterNetwork net =
                new TwoRouterNetwork(Routers.v2(100, LOW_ADDRESS), Routers.v2(200, HIGH_ADDRESS));
        net.startBoth();
        net.runUntil(at("PT60S"));

        assertThat(net.a().state()).isEqualTo(VrrpState.BACKUP);
        assertThat(net.b().state()).isEqualTo(VrrpState.MASTER);
        // b's Master_Down_Interval (3 s + 56/256 s) expires first; a never takes over.
        assertThat(net.transitions())
                .containsExactly(
                        new Transition(T0, "a", VrrpState.BACKUP),
                        new Transition(T0, "b", VrrpState.BACKUP),
                        new Transition(at("PT3.21875S"), "b", VrrpState.MASTER));
    }

    @Test
    void higherPriorityStartedLaterPreemptsTheRunningMaster() {
        TwoRouterNetwork net =
                new TwoRouterNetwork(Routers.v2(100, LOW_ADDRESS), Routers.v2(200, HIGH_ADDRESS));
        net.startBoth();
        net.b().shutdown(T0);
        net.runUntil(at("PT10S"));
        assertThat(net.a().state()).isEqualTo(VrrpState.MASTER);

        net.b().start(net.now());
        net.runUntil(at("PT30S"));
        assertThat(net.a().state()).isEqualTo(VrrpState.BACKUP);
        assertThat(net.b().state()).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void equalPrioritiesConvergeOnTheHigherAddress() {
        TwoRouterNetwork net =
                new TwoRouterNetwork(Routers.v2(100, LOW_ADDRESS), Routers.v2(100, HIGH_ADDRESS));
        net.startBoth();
        net.runUntil(at("PT60S"));

        assertThat(net.a().state()).isEqualTo(VrrpState.BACKUP);
        assertThat(net.b().state()).isEqualTo(VrrpState.MASTER);
        // Both time out together and both become MASTER; a sees b's advert one latency later and
        // yields to the higher address (RFC 5798 §6.4.3).
        Duration down = Duration.ofNanos(3_609_375_000L);
        assertThat(net.transitions())
                .endsWith(
                        new Transition(T0.plus(down), "a", VrrpState.MASTER),
                        new Transition(T0.plus(down), "b", VrrpState.MASTER),
                        new Transition(
                                T0.plus(down).plus(TwoRouterNetwork.LATENCY),
                                "a",
                                VrrpState.BACKUP));
    }

    @Test
    void backupTakesOverWithinMasterDownIntervalWhenTheMasterDies() {
        TwoRouterNetwork net =
                new TwoRouterNetwork(Routers.v2(100, LOW_ADDRESS), Routers.v2(200, HIGH_ADDRESS));
        net.startBoth();
        net.runUntil(at("PT30S"));
        net.cut(1);
        net.runUntil(at("PT60S"));

        assertThat(net.a().state()).isEqualTo(VrrpState.MASTER);
        Transition takeover = net.transitions().getLast();
        assertThat(takeover.router()).isEqualTo("a");
        // Exactly Master_Down_Interval at priority 100 after the last advert a heard.
        assertThat(Duration.between(net.lastDeliveredFrom(1), takeover.at()))
                .isEqualTo(Duration.ofNanos(3_609_375_000L));
        assertThat(takeover.at()).isBefore(at("PT30S").plusNanos(3_609_375_000L).plusSeconds(1));
    }

    @Test
    void priorityZeroGoodbyeGivesTakeoverWithinSkewTime() {
        TwoRouterNetwork net =
                new TwoRouterNetwork(Routers.v2(100, LOW_ADDRESS), Routers.v2(200, HIGH_ADDRESS));
        net.startBoth();
        net.runUntil(at("PT30S"));
        net.shutdown(1);
        net.runUntil(at("PT40S"));

        assertThat(net.a().state()).isEqualTo(VrrpState.MASTER);
        assertThat(net.b().state()).isEqualTo(VrrpState.INIT);
        // Goodbye sent at 30 s, heard 1 ms later, then Skew_Time = 156/256 s.
        assertThat(net.transitions().getLast())
                .isEqualTo(
                        new Transition(
                                at("PT30S").plus(TwoRouterNetwork.LATENCY).plusNanos(609_375_000),
                                "a",
                                VrrpState.MASTER));
    }

    @Test
    void v3PairConvergesAndFailsOverWithCentisecondIntervals() {
        Duration interval = Duration.ofMillis(250);
        TwoRouterNetwork net =
                new TwoRouterNetwork(
                        Routers.settings(
                                VrrpVersion.V3, 100, interval, true, Duration.ZERO, LOW_ADDRESS),
                        Routers.settings(
                                VrrpVersion.V3, 200, interval, true, Duration.ZERO, HIGH_ADDRESS));
        net.startBoth();
        net.runUntil(at("PT10S"));
        assertThat(net.b().state()).isEqualTo(VrrpState.MASTER);
        assertThat(net.a().state()).isEqualTo(VrrpState.BACKUP);

        net.cut(1);
        net.runUntil(at("PT20S"));
        // v3 skew scales with the interval: 3 × 250 ms + 156 × 250 ms / 256.
        assertThat(Duration.between(net.lastDeliveredFrom(1), net.transitions().getLast().at()))
                .isEqualTo(Duration.ofNanos(902_343_750));
        assertThat(net.a().state()).isEqualTo(VrrpState.MASTER);
    }
}
