package io.tandem.health;

import io.tandem.config.RealServerConfig;
import io.tandem.config.VirtualServerConfig;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * One virtual server's pool membership, decided on the control thread from check reports:
 *
 * <ul>
 *   <li>an up real server is in the pool with its weight (configured, or misc_dynamic's);
 *   <li>a down one is left out, or kept with weight 0 under {@code inhibit_on_failure};
 *   <li>when the healthy weight sum is below quorum (with hysteresis) and a sorry server exists,
 *       the pool is empty so that the sorry server takes new connections (keepalived removes the
 *       real servers then too); without a sorry server the healthy ones keep serving.
 * </ul>
 *
 * Every change publishes a new snapshot and then reports events. Not thread-safe: control thread
 * only.
 */
public final class VirtualServerHealth {
    private final VirtualServerConfig config;
    private final List<RealServer> servers;
    private final List<RealServerHealth> health;
    private final PoolPublisher publisher;
    private final HealthEvents events;
    private final InstantSource clock;
    private final QuorumState quorum;
    private boolean anyServerUp;

    /**
     * Publishes the initial pool at once: servers start up unless their checkers have {@code
     * alpha}.
     *
     * @param servers one per {@code config.realServers()}, same order
     */
    public VirtualServerHealth(
            VirtualServerConfig config,
            List<RealServer> servers,
            PoolPublisher publisher,
            HealthEvents events,
            InstantSource clock) {
        if (servers.size() != config.realServers().size()) {
            throw new IllegalArgumentException("one RealServer per real_server expected");
        }
        this.config = config;
        this.servers = List.copyOf(servers);
        this.publisher = publisher;
        this.events = events;
        this.clock = clock;
        List<RealServerHealth> h = new ArrayList<>();
        for (RealServerConfig rs : config.realServers()) {
            h.add(new RealServerHealth(rs, clock.instant()));
        }
        this.health = List.copyOf(h);
        this.quorum = new QuorumState(config.quorum(), config.hysteresis(), healthyWeight());
        this.anyServerUp = healthyWeight() > 0;
        publish();
    }

    public VirtualServerConfig config() {
        return config;
    }

    /** Applies one report for real server {@code server} (index in config order). */
    public void accept(int server, CheckReport report) {
        RealServerHealth h = health.get(server);
        RealServerHealth.Effect effect = h.apply(report, clock.instant());
        if (effect == RealServerHealth.Effect.NONE) {
            return;
        }
        long weight = healthyWeight();
        boolean quorumChanged = quorum.update(weight);
        publish();
        switch (effect) {
            case WENT_UP -> events.realServerWentUp(config, h.config, h.reason());
            case WENT_DOWN -> events.realServerWentDown(config, h.config, h.reason());
            case WEIGHT_CHANGED ->
                    events.realServerWeightChanged(config, h.config, h.weight(), h.reason());
            case NONE -> {}
        }
        boolean up = weight > 0;
        if (anyServerUp && !up) {
            events.virtualServerLostAllServers(config);
        }
        anyServerUp = up;
        if (quorumChanged) {
            if (quorum.up()) {
                events.quorumRegained(config, weight);
            } else {
                events.quorumLost(config, weight);
            }
        }
    }

    /** keepalived's {@code omega}: on shutdown, a service with quorum reports it lost. */
    public void shutdown() {
        if (config.omega() && quorum.up()) {
            events.quorumLost(config, healthyWeight());
        }
    }

    public boolean quorumUp() {
        return quorum.up();
    }

    /** Each real server's state, in config order. */
    public List<HealthState> states() {
        List<HealthState> out = new ArrayList<>();
        for (int i = 0; i < health.size(); i++) {
            out.add(health.get(i).state(servers.get(i).weight()));
        }
        return out;
    }

    private long healthyWeight() {
        long sum = 0;
        for (RealServerHealth h : health) {
            if (h.up()) {
                sum += h.weight();
            }
        }
        return sum;
    }

    private void publish() {
        List<RealServer> members = new ArrayList<>();
        for (int i = 0; i < health.size(); i++) {
            RealServerHealth h = health.get(i);
            RealServer server = servers.get(i);
            if (h.up()) {
                server.setWeight(h.weight());
                members.add(server);
            } else if (h.config.inhibitOnFailure()) {
                server.setWeight(0);
                members.add(server);
            }
        }
        boolean sorryTakesOver = !quorum.up() && config.sorryServer() != null;
        publisher.publish(sorryTakesOver ? PoolSnapshot.EMPTY : new PoolSnapshot(members));
    }
}
