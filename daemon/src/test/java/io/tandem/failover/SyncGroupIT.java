package io.tandem.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.vrrp.VrrpState;
import java.net.InetAddress;
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
 * {@code vrrp_sync_group} across in-process Tandem routers at advert_int 0.1 (VRRPv3): hosts a and
 * b each run VI_OUT (VRID 51) and VI_IN (VRID 52) in one group, a with the higher priorities. A
 * third router c that claims only VI_OUT with a still higher priority takes VI_OUT from a, and a's
 * VI_IN follows it to BACKUP and releases its address; b's group stays BACKUP because its VI_OUT
 * sees c as a valid master (keepalived: a group goes MASTER only when every member wants to). When
 * c stops, a's group takes both addresses back together and runs the group's notify_master. A
 * tracked interface fault on a's VI_OUT alone moves both addresses to b, whether b runs Tandem or
 * keepalived, and back when it clears.
 */
@Tag("netns")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SyncGroupIT {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String VIP_IN_TEXT = Lan.SUBNET + "101";

    @TempDir Path directory;

    @BeforeEach
    void requireHost() {
        Lan.require("/usr/bin/touch");
    }

    private static String instance(String name, int vrid, int priority, String vip) {
        return "vrrp_instance "
                + name
                + " {\n  state BACKUP\n  interface "
                + Lan.INTERFACE
                + "\n  virtual_router_id "
                + vrid
                + "\n  version 3\n  priority "
                + priority
                + "\n  advert_int 0.1\n  virtual_ipaddress {\n    "
                + vip
                + "/24\n  }\n}\n";
    }

    private static String pair(int priority, String groupExtra) {
        return pair(priority, groupExtra, "");
    }

    private static String pair(int priority, String groupExtra, String outExtra) {
        String out = instance("VI_OUT", Router.VRID, priority, Router.VIP_TEXT);
        return "vrrp_sync_group G {\n  group {\n    VI_OUT\n    VI_IN\n  }\n"
                + groupExtra
                + "}\n"
                + out.substring(0, out.length() - 2)
                + outExtra
                + "}\n"
                + instance("VI_IN", Router.VRID + 1, priority, VIP_IN_TEXT);
    }

    private static VrrpRunner runner(InProcessRouter router, String name) {
        return router.failover.runners().stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void anInstanceLeavingMasterTakesItsSyncGroupToBackupAndBothComeBackTogether()
            throws Exception {
        InetAddress vipIn = InetAddress.getByName(VIP_IN_TEXT);
        Path groupMaster = directory.resolve("group-master");
        String a = pair(150, "  notify_master \"/usr/bin/touch " + groupMaster + "\"\n");
        try (Lan lan = Lan.create("a", "b", "c");
                SplitBrainWatch out = new SplitBrainWatch(lan, Router.VIP, "a", "b", "c");
                SplitBrainWatch in = new SplitBrainWatch(lan, vipIn, "a", "b", "c");
                InProcessRouter first = InProcessRouter.start(lan, "a", a);
                InProcessRouter second = InProcessRouter.start(lan, "b", pair(100, ""))) {
            VrrpRunner aOut = runner(first, "VI_OUT");
            VrrpRunner aIn = runner(first, "VI_IN");
            VrrpRunner bOut = runner(second, "VI_OUT");
            VrrpRunner bIn = runner(second, "VI_IN");
            await().atMost(WAIT)
                    .until(
                            () ->
                                    aOut.state() == VrrpState.MASTER
                                            && aIn.state() == VrrpState.MASTER);
            await().atMost(WAIT).until(() -> Files.exists(groupMaster));
            await().atMost(WAIT).until(() -> lan.holds("a", vipIn) && lan.holds("a", Router.VIP));
            assertThat(bOut.state()).isEqualTo(VrrpState.BACKUP);
            assertThat(bIn.state()).isEqualTo(VrrpState.BACKUP);
            Files.delete(groupMaster);

            try (InProcessRouter third =
                    InProcessRouter.start(
                            lan, "c", instance("VI_OUT", Router.VRID, 200, Router.VIP_TEXT))) {
                await().atMost(WAIT).until(() -> third.runner().state() == VrrpState.MASTER);
                await().atMost(WAIT).until(() -> aOut.state() == VrrpState.BACKUP);
                // The point of the group: VI_IN was fine on its own, and follows VI_OUT.
                await().atMost(WAIT).until(() -> aIn.state() == VrrpState.BACKUP);
                await().atMost(WAIT).until(() -> !lan.holds("a", vipIn));
                // b's VI_IN would win on its own, but b's VI_OUT does not want MASTER (c is a
                // valid master), so b's group stays BACKUP, as keepalived's does.
                await().during(Duration.ofMillis(500))
                        .atMost(WAIT)
                        .until(
                                () ->
                                        bIn.state() == VrrpState.BACKUP
                                                && aIn.state() == VrrpState.BACKUP
                                                && !lan.holds("b", vipIn));
                assertThat(lan.holds("c", Router.VIP)).isTrue();
            }

            // c said goodbye: a's VI_OUT wins, and its group takes VI_IN back with it.
            await().atMost(WAIT)
                    .until(
                            () ->
                                    aOut.state() == VrrpState.MASTER
                                            && aIn.state() == VrrpState.MASTER);
            await().atMost(WAIT).until(() -> lan.holds("a", vipIn) && lan.holds("a", Router.VIP));
            await().atMost(WAIT).until(() -> Files.exists(groupMaster));
            assertThat(bOut.state()).isEqualTo(VrrpState.BACKUP);
            assertThat(bIn.state()).isEqualTo(VrrpState.BACKUP);
            Duration interval = Duration.ofMillis(100);
            assertThat(out.longestOverlap()).isLessThanOrEqualTo(interval);
            assertThat(in.longestOverlap()).isLessThanOrEqualTo(interval);
        }
    }

    @Test
    void aFaultOnOneMemberMovesTheWholeGroupToThePeer() throws Exception {
        InetAddress vipIn = InetAddress.getByName(VIP_IN_TEXT);
        try (Lan lan = Lan.create("a", "b");
                SplitBrainWatch out = new SplitBrainWatch(lan, Router.VIP, "a", "b");
                SplitBrainWatch in = new SplitBrainWatch(lan, vipIn, "a", "b")) {
            String ns = lan.namespace("a");
            // A veth pair inside host a: when its far end goes down, trk0 loses carrier.
            Lan.ip("-n", ns, "link", "add", "trk0", "type", "veth", "peer", "name", "trk1");
            Lan.ip("-n", ns, "link", "set", "trk0", "up");
            Lan.ip("-n", ns, "link", "set", "trk1", "up");
            String a = pair(150, "", "  track_interface {\n    trk0\n  }\n");
            try (InProcessRouter first = InProcessRouter.start(lan, "a", a);
                    InProcessRouter second = InProcessRouter.start(lan, "b", pair(100, ""))) {
                VrrpRunner aIn = runner(first, "VI_IN");
                VrrpRunner bOut = runner(second, "VI_OUT");
                VrrpRunner bIn = runner(second, "VI_IN");
                await().atMost(WAIT)
                        .until(() -> lan.holds("a", vipIn) && lan.holds("a", Router.VIP));

                Lan.ip("-n", ns, "link", "set", "trk1", "down");
                await().atMost(WAIT).until(() -> aIn.state() == VrrpState.FAULT);
                await().atMost(WAIT)
                        .until(
                                () ->
                                        bOut.state() == VrrpState.MASTER
                                                && bIn.state() == VrrpState.MASTER);
                await().atMost(WAIT)
                        .until(() -> lan.holds("b", vipIn) && lan.holds("b", Router.VIP));
                assertThat(lan.holds("a", vipIn)).isFalse();

                Lan.ip("-n", ns, "link", "set", "trk1", "up");
                await().atMost(WAIT)
                        .until(() -> lan.holds("a", vipIn) && lan.holds("a", Router.VIP));
                await().atMost(WAIT)
                        .until(
                                () ->
                                        bOut.state() == VrrpState.BACKUP
                                                && bIn.state() == VrrpState.BACKUP);
                Duration interval = Duration.ofMillis(100);
                assertThat(out.longestOverlap()).isLessThanOrEqualTo(interval);
                assertThat(in.longestOverlap()).isLessThanOrEqualTo(interval);
            }
        }
    }

    @Test
    void aKeepalivedSyncGroupTakesBothAddressesWhenATandemMemberFaults() throws Exception {
        Lan.require(VrrpPeer.KEEPALIVED);
        InetAddress vipIn = InetAddress.getByName(VIP_IN_TEXT);
        try (Lan lan = Lan.create("a", "b");
                SplitBrainWatch out = new SplitBrainWatch(lan, Router.VIP, "a", "b");
                SplitBrainWatch in = new SplitBrainWatch(lan, vipIn, "a", "b");
                VrrpPeer keepalived = VrrpPeer.keepalived("b", directory)) {
            String ns = lan.namespace("a");
            Lan.ip("-n", ns, "link", "add", "trk0", "type", "veth", "peer", "name", "trk1");
            Lan.ip("-n", ns, "link", "set", "trk0", "up");
            Lan.ip("-n", ns, "link", "set", "trk1", "up");
            String a = pair(150, "", "  track_interface {\n    trk0\n  }\n");
            try (InProcessRouter first = InProcessRouter.start(lan, "a", a)) {
                keepalived.start(lan.namespace("b"), pair(100, ""));
                await().atMost(WAIT)
                        .until(() -> lan.holds("a", vipIn) && lan.holds("a", Router.VIP));

                Lan.ip("-n", ns, "link", "set", "trk1", "down");
                await().atMost(Duration.ofSeconds(15))
                        .alias("addresses on b (keepalived)")
                        .until(() -> lan.holds("b", vipIn) && lan.holds("b", Router.VIP));
                assertThat(lan.holds("a", vipIn)).isFalse();
                assertThat(lan.holds("a", Router.VIP)).isFalse();
                assertThat(runner(first, "VI_IN").state()).isEqualTo(VrrpState.FAULT);

                Lan.ip("-n", ns, "link", "set", "trk1", "up");
                await().atMost(WAIT)
                        .alias("addresses on b (keepalived)")
                        .until(
                                () ->
                                        lan.holds("a", vipIn)
                                                && lan.holds("a", Router.VIP)
                                                && !lan.holds("b", vipIn)
                                                && !lan.holds("b", Router.VIP));
                Duration interval = Duration.ofMillis(100);
                assertThat(out.longestOverlap()).isLessThanOrEqualTo(interval);
                assertThat(in.longestOverlap()).isLessThanOrEqualTo(interval);
            }
        }
    }
}
