package io.tandem.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Two routers, {@code a} and {@code b}, and a client {@code c} on one {@link Lan}, with a name
 * server on port 8080 in each router host and a {@link SplitBrainWatch} on the VIP from the first
 * router start to {@link #close}, which fails if two hosts ever held it longer than one advert
 * interval.
 */
final class VrrpScenario implements AutoCloseable {
    static final int PORT = 8080;

    final Lan lan;
    private final Path directory;
    private final List<VrrpPeer> peers = new ArrayList<>();
    private SplitBrainWatch watch;
    private Duration allowedOverlap = Duration.ofSeconds(1);

    VrrpScenario(Path directory) throws Exception {
        this.directory = directory;
        this.lan = Lan.create("a", "b", "c");
        lan.serveName("a", PORT);
        lan.serveName("b", PORT);
    }

    /** Starts a router in {@code host} ("a" or "b"). */
    VrrpPeer start(String host, BiFunction<String, Path, VrrpPeer> kind, Router router)
            throws Exception {
        if (watch == null) {
            watch = new SplitBrainWatch(lan, Router.VIP, "a", "b");
        }
        if (router.interval().compareTo(allowedOverlap) < 0) {
            allowedOverlap = router.interval();
        }
        watch.watch(host);
        VrrpPeer peer =
                kind.apply(host + "-" + peers.size(), directory)
                        .start(lan.namespace(host), router.config());
        peers.add(peer);
        return peer;
    }

    /**
     * Starts a router again on a host whose router was killed: its stale VIP counts only once the
     * new router has entered BACKUP, which removes leftover addresses.
     */
    VrrpPeer restart(String host, BiFunction<String, Path, VrrpPeer> kind, Router router)
            throws Exception {
        VrrpPeer peer =
                kind.apply(host + "-" + peers.size(), directory)
                        .start(lan.namespace(host), router.config());
        peers.add(peer);
        awaitBackup(peer);
        watch.watch(host);
        return peer;
    }

    /** SIGKILLs the router; its host's stale VIP no longer counts as a master. */
    void kill(String host, VrrpPeer peer) throws Exception {
        watch.ignore(host);
        peer.kill();
    }

    boolean holds(String host) {
        return lan.holds(host, Router.VIP);
    }

    /** Waits until {@code host} holds the VIP and the other does not. */
    void awaitMaster(String host, Duration atMost) {
        String other = host.equals("a") ? "b" : "a";
        await().atMost(atMost)
                .pollInterval(Duration.ofMillis(20))
                .untilAsserted(
                        () ->
                                assertThat(holds(host) && !holds(other))
                                        .as(() -> host + " alone holds the VIP\n" + logs())
                                        .isTrue());
    }

    /** Waits until {@code host} holds the VIP. */
    void awaitHolds(String host, Duration atMost) {
        await().atMost(atMost)
                .pollInterval(Duration.ofMillis(20))
                .untilAsserted(
                        () ->
                                assertThat(holds(host))
                                        .as(() -> host + " holds the VIP\n" + logs())
                                        .isTrue());
    }

    /** Waits until the router has started and entered BACKUP (both implementations log it). */
    void awaitBackup(VrrpPeer peer) {
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20))
                .untilAsserted(
                        () ->
                                assertThat(peer.output)
                                        .as(() -> peer.log())
                                        .anyMatch(l -> l.contains("Entering BACKUP STATE")));
    }

    /** The client's request to the VIP: the name of the host that answered. */
    String request() throws Exception {
        return lan.request("c", Router.VIP, PORT);
    }

    String logs() {
        StringBuilder b = new StringBuilder();
        peers.forEach(p -> b.append(p.log()).append('\n'));
        return b.toString();
    }

    @Override
    public void close() {
        try {
            if (watch != null) {
                watch.close();
                assertThat(watch.samples()).isPositive();
                assertThat(watch.longestOverlap())
                        .as("longest time both hosts held the VIP\n%s", logs())
                        .isLessThanOrEqualTo(allowedOverlap);
            }
        } finally {
            peers.forEach(VrrpPeer::close);
            lan.close();
        }
    }
}
