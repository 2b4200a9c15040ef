package io.tandem.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.vrrp.VrrpState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 case 7, two in-process Tandem routers at advert_int 0.1: a failing {@code track_script}
 * lowers the master's priority by its weight and the backup takes over (and gives back when the
 * script recovers); a tracked interface going down puts the master in FAULT and the backup takes
 * over.
 */
@Tag("netns")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TrackingIT {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir Path directory;

    @BeforeEach
    void requireHost() {
        Lan.require("/usr/bin/test");
    }

    private static Router fast(int priority) {
        return Router.v3(priority).advertInt("0.1");
    }

    @Test
    void aFailingTrackScriptLowersThePriorityByItsWeightAndTheBackupTakesOver() throws Exception {
        Path flag = directory.resolve("down");
        Router a =
                fast(150)
                        .withTop(
                                "vrrp_script chk {\n  script \"/usr/bin/test ! -e "
                                        + flag
                                        + "\"\n  interval 0.1\n  weight -60\n}")
                        .with("track_script {\n    chk\n  }");
        try (Lan lan = Lan.create("a", "b");
                SplitBrainWatch watch = new SplitBrainWatch(lan, Router.VIP, "a", "b");
                InProcessRouter first = InProcessRouter.start(lan, "a", a.config());
                InProcessRouter second = InProcessRouter.start(lan, "b", fast(100).config())) {
            await().atMost(WAIT).until(() -> first.runner().state() == VrrpState.MASTER);
            await().atMost(WAIT).until(() -> second.runner().state() == VrrpState.BACKUP);

            Files.createFile(flag);
            await().atMost(WAIT).until(() -> second.runner().state() == VrrpState.MASTER);
            await().atMost(WAIT).until(() -> first.runner().state() == VrrpState.BACKUP);
            assertThat(lan.holds("b", Router.VIP)).isTrue();
            assertThat(lan.holds("a", Router.VIP)).isFalse();

            Files.delete(flag);
            await().atMost(WAIT).until(() -> first.runner().state() == VrrpState.MASTER);
            await().atMost(WAIT).until(() -> lan.holds("a", Router.VIP));
            assertThat(watch.longestOverlap()).isLessThanOrEqualTo(fast(100).interval());
        }
    }

    @Test
    void aTrackedInterfaceGoingDownMovesTheMasterToFault() throws Exception {
        try (Lan lan = Lan.create("a", "b");
                SplitBrainWatch watch = new SplitBrainWatch(lan, Router.VIP, "a", "b")) {
            String ns = lan.namespace("a");
            // A veth pair inside host a: when its far end goes down, trk0 loses carrier.
            Lan.ip("-n", ns, "link", "add", "trk0", "type", "veth", "peer", "name", "trk1");
            Lan.ip("-n", ns, "link", "set", "trk0", "up");
            Lan.ip("-n", ns, "link", "set", "trk1", "up");
            Router a = fast(150).with("track_interface {\n    trk0\n  }");
            try (InProcessRouter first = InProcessRouter.start(lan, "a", a.config());
                    InProcessRouter second = InProcessRouter.start(lan, "b", fast(100).config())) {
                await().atMost(WAIT).until(() -> first.runner().state() == VrrpState.MASTER);

                Lan.ip("-n", ns, "link", "set", "trk1", "down");
                await().atMost(WAIT).until(() -> first.runner().state() == VrrpState.FAULT);
                await().atMost(WAIT).until(() -> second.runner().state() == VrrpState.MASTER);
                await().atMost(WAIT).until(() -> lan.holds("b", Router.VIP));
                assertThat(lan.holds("a", Router.VIP)).isFalse();

                Lan.ip("-n", ns, "link", "set", "trk1", "up");
                await().atMost(WAIT).until(() -> first.runner().state() == VrrpState.MASTER);
                assertThat(watch.longestOverlap()).isLessThanOrEqualTo(fast(100).interval());
            }
        }
    }
}
