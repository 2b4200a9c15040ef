package io.tandem.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.linux.RawIpSocket;
import io.tandem.vrrp.Advertisement;
import io.tandem.vrrp.AdvertisementCodec;
import io.tandem.vrrp.Authentication;
import io.tandem.vrrp.RejectReason;
import io.tandem.vrrp.VrrpState;
import io.tandem.vrrp.VrrpVersion;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 4 case 6: a master on a real link receives bad adverts — each with priority 254, so any
 * that got through would make it step down — and drops and counts every one: wrong VRID, wrong
 * password, TTL 254, bad checksum, truncated, wrong version. A good advert afterwards does make it
 * step down, which shows the bad ones reached the socket.
 */
@Tag("netns")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadPacketsIT {

    @Test
    void badAdvertsAreDroppedAndCountedAndNeverFatal() throws Exception {
        Lan.require();
        try (Lan lan = Lan.create("a", "b");
                InProcessRouter router = InProcessRouter.start(lan, "a", Router.v2(150).config())) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> router.runner().state() == VrrpState.MASTER);
            Inet4Address group = RawVrrpChannel.VRRP_GROUP;
            Inet4Address source = (Inet4Address) InetAddress.getByName(Lan.SUBNET + "2");
            Authentication pass = Authentication.password("tandem1");
            AdvertisementCodec v2 = new AdvertisementCodec(VrrpVersion.V2, pass);
            byte[] good = v2.encode(advert(VrrpVersion.V2, Router.VRID, pass), source, group);
            byte[] otherRouter = v2.encode(advert(VrrpVersion.V2, 52, pass), source, group);
            Authentication wrong = Authentication.password("wrong");
            byte[] wrongAuth = v2.encode(advert(VrrpVersion.V2, Router.VRID, wrong), source, group);
            byte[] badChecksum = good.clone();
            badChecksum[6] ^= 0x55;
            byte[] truncated = Arrays.copyOf(good, 10);
            byte[] v3 =
                    new AdvertisementCodec(VrrpVersion.V3, Authentication.none())
                            .encode(
                                    advert(VrrpVersion.V3, Router.VRID, Authentication.none()),
                                    source,
                                    group);

            lan.inside("b")
                    .call(
                            () -> {
                                try (RawIpSocket socket = RawIpSocket.open(RawIpSocket.VRRP)) {
                                    socket.bindToDevice(Lan.INTERFACE);
                                    socket.setMulticastInterface(Lan.INTERFACE);
                                    socket.setMulticastTtl(254);
                                    socket.send(good, group);
                                    socket.setMulticastTtl(255);
                                    for (byte[] bad :
                                            List.of(
                                                    otherRouter,
                                                    wrongAuth,
                                                    badChecksum,
                                                    truncated,
                                                    v3)) {
                                        socket.send(bad, group);
                                    }
                                }
                                return null;
                            });
            DropCounters drops = router.runner().drops();
            await().atMost(Duration.ofSeconds(3))
                    .untilAsserted(
                            () ->
                                    assertThat(drops.snapshot())
                                            .containsEntry(RejectReason.BAD_TTL, 1L)
                                            .containsEntry(RejectReason.OTHER_VIRTUAL_ROUTER, 1L)
                                            .containsEntry(RejectReason.AUTH_MISMATCH, 1L)
                                            .containsEntry(RejectReason.BAD_CHECKSUM, 1L)
                                            .containsEntry(RejectReason.TRUNCATED, 1L)
                                            .containsEntry(RejectReason.WRONG_VERSION, 1L));
            assertThat(router.runner().state()).isEqualTo(VrrpState.MASTER);
            assertThat(lan.holds("a", Router.VIP)).isTrue();

            lan.inside("b")
                    .call(
                            () -> {
                                try (RawIpSocket socket = RawIpSocket.open(RawIpSocket.VRRP)) {
                                    socket.bindToDevice(Lan.INTERFACE);
                                    socket.setMulticastInterface(Lan.INTERFACE);
                                    socket.setMulticastTtl(255);
                                    socket.send(good, group);
                                }
                                return null;
                            });
            await().atMost(Duration.ofSeconds(3))
                    .until(() -> router.runner().state() == VrrpState.BACKUP);
            assertThat(lan.holds("a", Router.VIP)).isFalse();
        }
    }

    private static Advertisement advert(VrrpVersion version, int vrid, Authentication auth)
            throws Exception {
        return new Advertisement(
                version, vrid, 254, Duration.ofSeconds(1), List.of(Router.VIP), auth);
    }
}
