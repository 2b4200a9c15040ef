package io.tandem.vrrp;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Settings and constants shared by the VRRP tests: one VRID, 192.168.1.0/24, VIP .100. */
final class Routers {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final InetAddress VIP = AdvertisementCodecTest.address("192.168.1.100");
    static final InetAddress LOW_ADDRESS = AdvertisementCodecTest.address("192.168.1.10");
    static final InetAddress HIGH_ADDRESS = AdvertisementCodecTest.address("192.168.1.20");

    private Routers() {}

    static VrrpInstanceSettings v2(int priority, InetAddress primary) {
        return settings(
                VrrpVersion.V2, priority, Duration.ofSeconds(1), true, Duration.ZERO, primary);
    }

    static VrrpInstanceSettings settings(
            VrrpVersion version,
            int priority,
            Duration interval,
            boolean preempt,
            Duration preemptDelay,
            InetAddress primary) {
        return new VrrpInstanceSettings(
                "VI_1",
                51,
                priority,
                interval,
                version,
                preempt,
                preemptDelay,
                primary,
                List.of(VIP),
                VrrpState.BACKUP,
                Authentication.none());
    }

    static Advertisement advert(int priority) {
        return advert(VrrpVersion.V2, priority, Duration.ofSeconds(1));
    }

    static Advertisement advert(VrrpVersion version, int priority, Duration interval) {
        return new Advertisement(
                version, 51, priority, interval, List.of(VIP), Authentication.none());
    }

    static Instant at(String duration) {
        return T0.plus(Duration.parse(duration));
    }
}
