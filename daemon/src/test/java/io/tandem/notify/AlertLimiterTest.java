package io.tandem.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AlertLimiterTest {

    private static final Instant START = Instant.parse("2026-12-01T19:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final AlertLimiter limiter = new AlertLimiter(clock);

    private Alert alert(String virtualServer, int n) {
        return Alert.realServerDown(
                "lb1", virtualServer, "10.0.0." + n + ":80", "check " + n, clock.instant());
    }

    private List<Notice> raise(String virtualServer, int count) {
        List<Notice> sent = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            limiter.admit(alert(virtualServer, i)).ifPresent(sent::add);
        }
        return sent;
    }

    @Test
    void stormSendsTheBurstThenSuppresses() {
        List<Notice> sent = raise("10.0.0.1:80", 100);

        assertThat(sent).hasSize(AlertLimiter.DEFAULT_BURST);
        assertThat(sent).allSatisfy(n -> assertThat(n.suppressed()).isZero());
        assertThat(limiter.due()).isEmpty();
        assertThat(limiter.heldBack()).isEqualTo(1);
    }

    @Test
    void latestHeldAlertGoesOutWhenATokenIsBackWithTheCountOfTheOthers() {
        raise("10.0.0.1:80", 20);

        clock.advance(Duration.ofSeconds(59));
        assertThat(limiter.due()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        List<Notice> due = limiter.due();

        assertThat(due)
                .singleElement()
                .satisfies(
                        n -> {
                            assertThat(n.alert().realServer()).isEqualTo("10.0.0.20:80");
                            assertThat(n.delayed()).isTrue();
                            assertThat(n.suppressed()).isEqualTo(14);
                            assertThat(n.suppressedSince()).isEqualTo(START);
                            assertThat(n.rateLimitNote(ZoneOffset.UTC))
                                    .isEqualTo(
                                            "14 alerts suppressed since 19:00:00; this alert was held back by the"
                                                    + " rate limit and is the latest");
                        });
        assertThat(limiter.due()).isEmpty();
        assertThat(limiter.heldBack()).isZero();
    }

    @Test
    void nextAlertAfterTheStormSaysHowManyWereSuppressed() {
        raise("10.0.0.1:80", 8);
        clock.advance(Duration.ofMinutes(2));

        Optional<Notice> next = limiter.admit(alert("10.0.0.1:80", 9));

        assertThat(next)
                .hasValueSatisfying(
                        n -> {
                            assertThat(n.suppressed()).isEqualTo(3);
                            assertThat(n.delayed()).isFalse();
                            assertThat(n.rateLimitNote(ZoneOffset.UTC))
                                    .isEqualTo("3 alerts suppressed since 19:00:00");
                        });
        assertThat(limiter.due()).as("the held one was superseded").isEmpty();
    }

    @Test
    void afterTheStormOneAlertPerMinuteGetsThrough() {
        raise("10.0.0.1:80", 5);
        List<Boolean> admitted = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofSeconds(30));
            admitted.add(limiter.admit(alert("10.0.0.1:80", i)).isPresent());
        }

        assertThat(admitted).containsExactly(false, true, false, true, false, true);
    }

    @Test
    void eachVirtualServerHasItsOwnLimit() {
        assertThat(raise("10.0.0.1:80", 10)).hasSize(5);
        assertThat(raise("10.0.0.2:80", 10)).hasSize(5);
        assertThat(limiter.heldBack()).isEqualTo(2);
    }

    @Test
    void aLongQuietTimeRefillsOnlyUpToTheBurst() {
        raise("10.0.0.1:80", 5);
        clock.advance(Duration.ofHours(5));

        assertThat(raise("10.0.0.1:80", 10)).hasSize(5);
    }

    @Test
    void burstAndRefillAreChecked() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new AlertLimiter(0, Duration.ofMinutes(1), clock))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new AlertLimiter(5, Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
