package io.tandem.health;

import io.tandem.config.RealServerConfig;
import io.tandem.config.VirtualServerConfig;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One virtual server's pool membership, decided on the control thread from check reports:
 *
 * <ul>
 *   <li>an up real server is in the pool with its weight (configured, or misc_dynamic's);
 *   <li>a down one is left out, or kept with weight 0 under {@code inhibit_on_failure};
 *   <li>a draining one stays with weight 0: it takes no new connections, open ones finish;
 *   <li>when the healthy weight sum is below quorum (with hysteresis) and a sorry server exists,
 *       the pool is empty so that the sorry server takes new connections (keepalived removes the
 *       real servers then too); without a sorry server the healthy ones keep serving.
 * </ul>
 *
 * Real servers may be added, changed and removed at run time (ipvsadm -a/-e/-d, a reload); the
 * others keep their state. Every change publishes a new snapshot and then reports events. Not
 * thread-safe: control thread only.
 */
public final class VirtualServerHealth {
    private VirtualServerConfig config;
    private final List<Member> members = new ArrayList<>();
    private final PoolPublisher publisher;
    private final HealthEvents events;
    private final InstantSource clock;
    private QuorumState quorum;
    private boolean anyServerUp;

    /** One real server of the pool and its health; identity matters (reports name it). */
    static final class Member {
        final RealServer server;
        RealServerHealth health;
        boolean draining;

        Member(RealServer server, RealServerHealth health) {
            this.server = server;
            this.health = health;
        }
    }

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
        this.publisher = publisher;
        this.events = events;
        this.clock = clock;
        for (int i = 0; i < servers.size(); i++) {
            members.add(
                    new Member(
                            servers.get(i),
                            new RealServerHealth(config.realServers().get(i), clock.instant())));
        }
        this.quorum = new QuorumState(config.quorum(), config.hysteresis(), healthyWeight());
        this.anyServerUp = healthyWeight() > 0;
        publish();
    }

    public VirtualServerConfig config() {
        return config;
    }

    /**
     * A changed virtual_server block (same address): new quorum, sorry server or scripts. Real
     * servers are changed one by one with {@link #add}, {@link #update} and {@link #remove}.
     */
    public void reconfigure(VirtualServerConfig changed) {
        this.config = changed;
        this.quorum = new QuorumState(changed.quorum(), changed.hysteresis(), healthyWeight());
        publish();
    }

    /** Applies one report for real server {@code server} (index in live order: config order). */
    public void accept(int server, CheckReport report) {
        accept(members.get(server), report);
    }

    /** A report of {@code member}'s checker; ignored when the member was removed meanwhile. */
    void accept(Member member, CheckReport report) {
        if (!members.contains(member)) {
            return;
        }
        RealServerHealth h = member.health;
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

    /** Adds a real server (fresh health state) at the end of the pool; publishes. */
    Member add(RealServerConfig rs, RealServer server) {
        if (find(server) != null) {
            throw new IllegalArgumentException(rs.address() + " is already in " + config.name());
        }
        Member member = new Member(server, new RealServerHealth(rs, clock.instant()));
        members.add(member);
        changedMembership();
        return member;
    }

    /**
     * New settings for a real server whose checkers stay as they are (weight, thresholds,
     * inhibit_on_failure, scripts): its health state is kept.
     */
    public void update(RealServer server, RealServerConfig rs) {
        Member m = require(server);
        m.health.config = rs;
        changedMembership();
    }

    /** Restarts a real server's health from scratch (its checkers changed). */
    Member replace(RealServer server, RealServerConfig rs) {
        Member old = require(server);
        Member fresh = new Member(server, new RealServerHealth(rs, clock.instant()));
        fresh.draining = old.draining;
        members.set(members.indexOf(old), fresh);
        changedMembership();
        return fresh;
    }

    /** Takes a real server out of the pool; its open connections finish on their own. */
    void remove(RealServer server) {
        Member m = find(server);
        if (m != null) {
            members.remove(m);
            changedMembership();
        }
    }

    /** Tandem's drain: weight 0 in the pool while {@code draining}, the usual weight after. */
    public void setDraining(RealServer server, boolean draining) {
        require(server).draining = draining;
        publish();
    }

    public boolean draining(RealServer server) {
        return require(server).draining;
    }

    /** The real servers, in live order (config order, then added ones). */
    public List<RealServer> servers() {
        return members.stream().map(m -> m.server).toList();
    }

    /** The config a real server runs with now, or null when it is not here. */
    public @Nullable RealServerConfig configOf(RealServer server) {
        Member m = find(server);
        return m == null ? null : m.health.config;
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

    /** Each real server's state, in live order. */
    public List<HealthState> states() {
        return members.stream().map(m -> m.health.state(m.server.weight())).toList();
    }

    /** One real server's state, or null when it is not here. */
    public @Nullable HealthState state(RealServer server) {
        Member m = find(server);
        return m == null ? null : m.health.state(m.server.weight());
    }

    Member member(int index) {
        return members.get(index);
    }

    private @Nullable Member find(RealServer server) {
        for (Member m : members) {
            if (m.server == server) {
                return m;
            }
        }
        return null;
    }

    private Member require(RealServer server) {
        Member m = find(server);
        if (m == null) {
            throw new IllegalArgumentException(server + " is not in " + config.name());
        }
        return m;
    }

    private void changedMembership() {
        long weight = healthyWeight();
        boolean quorumChanged = quorum.update(weight);
        anyServerUp = weight > 0;
        publish();
        if (quorumChanged) {
            if (quorum.up()) {
                events.quorumRegained(config, weight);
            } else {
                events.quorumLost(config, weight);
            }
        }
    }

    private long healthyWeight() {
        long sum = 0;
        for (Member m : members) {
            if (m.health.up() && !m.draining) {
                sum += m.health.weight();
            }
        }
        return sum;
    }

    private void publish() {
        List<RealServer> pool = new ArrayList<>();
        for (Member m : members) {
            RealServerHealth h = m.health;
            RealServer server = m.server;
            server.setThresholds(h.config.upperThreshold(), h.config.lowerThreshold());
            if (h.up()) {
                server.setWeight(m.draining ? 0 : h.weight());
                pool.add(server);
            } else if (h.config.inhibitOnFailure() || m.draining) {
                server.setWeight(0);
                pool.add(server);
            }
        }
        boolean sorryTakesOver = !quorum.up() && config.sorryServer() != null;
        publisher.publish(sorryTakesOver ? PoolSnapshot.EMPTY : new PoolSnapshot(pool));
    }
}
