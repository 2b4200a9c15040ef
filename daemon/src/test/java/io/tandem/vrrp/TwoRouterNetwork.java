package io.tandem.vrrp;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Two instances on one simulated segment with a fake clock: each one's adverts go through the codec
 * and reach the other after {@link #LATENCY}, unless its link is cut. Events run in time order.
 */
final class TwoRouterNetwork {
    static final Duration LATENCY = Duration.ofMillis(1);
    private static final InetAddress GROUP = AdvertisementCodecTest.address("224.0.0.18");

    record Transition(Instant at, String router, VrrpState to) {}

    // The bytes are written once by the sender and read once by the receiver, never compared.
    @SuppressWarnings("ArrayRecordComponent")
    private record Packet(
            Instant deliverAt, long sequence, int to, byte[] bytes, InetAddress source) {}

    private final VrrpInstance[] routers;
    private final String[] names;
    private final boolean[] linkUp = {true, true};
    private final PriorityQueue<Packet> inFlight =
            new PriorityQueue<>(
                    Comparator.comparing(Packet::deliverAt).thenComparingLong(Packet::sequence));
    private final List<Transition> transitions = new ArrayList<>();
    private final Instant[] lastDelivered = {Instant.MIN, Instant.MIN};
    private long sequence;
    private Instant now = Routers.T0;

    TwoRouterNetwork(VrrpInstanceSettings a, VrrpInstanceSettings b) {
        routers = new VrrpInstance[] {new VrrpInstance(a), new VrrpInstance(b)};
        names = new String[] {"a", "b"};
    }

    VrrpInstance a() {
        return routers[0];
    }

    VrrpInstance b() {
        return routers[1];
    }

    Instant now() {
        return now;
    }

    List<Transition> transitions() {
        return List.copyOf(transitions);
    }

    /** When the last advert from {@code router} (0 = a, 1 = b) reached its peer. */
    Instant lastDeliveredFrom(int router) {
        return lastDelivered[router];
    }

    void startBoth() {
        handle(0, routers[0].start(now));
        handle(1, routers[1].start(now));
    }

    /**
     * From now on nothing {@code router} sends reaches the other: a dead master, seen from outside.
     */
    void cut(int router) {
        linkUp[router] = false;
    }

    void shutdown(int router) {
        handle(router, routers[router].shutdown(now));
    }

    /** Runs every event up to and including {@code end}. */
    void runUntil(Instant end) {
        while (true) {
            Instant next = routers[0].nextDeadline();
            if (routers[1].nextDeadline().isBefore(next)) {
                next = routers[1].nextDeadline();
            }
            Packet packet = inFlight.peek();
            if (packet != null && !packet.deliverAt().isAfter(next)) {
                if (packet.deliverAt().isAfter(end)) {
                    break;
                }
                inFlight.poll();
                now = packet.deliverAt();
                deliver(packet);
                continue;
            }
            if (next.isAfter(end)) {
                break;
            }
            now = next;
            for (int i = 0; i < 2; i++) {
                if (!routers[i].nextDeadline().isAfter(now)) {
                    handle(i, routers[i].onTimer(now));
                }
            }
        }
        now = end;
    }

    private void deliver(Packet packet) {
        VrrpInstance receiver = routers[packet.to()];
        VrrpInstanceSettings settings = receiver.settings();
        AdvertisementCodec codec =
                new AdvertisementCodec(settings.version(), settings.authentication());
        DecodeResult<Advertisement> decoded = codec.decode(packet.bytes(), packet.source(), GROUP);
        if (!(decoded
                instanceof DecodeResult.Decoded<Advertisement>(Advertisement advertisement))) {
            throw new AssertionError("peer sent an undecodable advert: " + decoded);
        }
        lastDelivered[1 - packet.to()] = now;
        handle(packet.to(), receiver.onAdvertisement(advertisement, packet.source(), now));
    }

    private void handle(int from, List<VrrpAction> actions) {
        VrrpInstanceSettings settings = routers[from].settings();
        for (VrrpAction action : actions) {
            switch (action) {
                case VrrpAction.SendAdvertisement(Advertisement advertisement) -> {
                    if (linkUp[from]) {
                        AdvertisementCodec codec =
                                new AdvertisementCodec(
                                        settings.version(), settings.authentication());
                        byte[] bytes =
                                codec.encode(advertisement, settings.primaryAddress(), GROUP);
                        inFlight.add(
                                new Packet(
                                        now.plus(LATENCY),
                                        sequence++,
                                        1 - from,
                                        bytes,
                                        settings.primaryAddress()));
                    }
                }
                case VrrpAction.StateChanged(VrrpState _, VrrpState to, TransitionReason _) ->
                        transitions.add(new Transition(now, names[from], to));
                // VIP effects are the VipOwner's; the simulation only tracks roles.
                case VrrpAction.AcquireVips _,
                        VrrpAction.ReleaseVips _,
                        VrrpAction.AnnounceVips _ -> {}
            }
        }
    }
}
