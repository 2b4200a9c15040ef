package io.tandem.proxy.http;

import io.tandem.common.HostPort;
import io.tandem.config.HttpConfig;
import io.tandem.config.HttpRoute;
import io.tandem.config.RealServerGroupConfig;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import io.tandem.schedule.Balancer;
import io.tandem.schedule.Schedulers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Chooses a request's group by host and path, and keeps one {@link Balancer} per group fed from the
 * virtual server's balancer: whenever health checking publishes a new pool there, each group takes
 * its members from it (a server that is down is absent from both). Event loops call it lock-free; a
 * pool change is picked up by the first request that sees it.
 */
final class Router {
    /** A group at run time. */
    static final class Group {
        final RealServerGroupConfig config;
        final Balancer balancer;
        private final Set<HostPort> members;
        private volatile @Nullable PoolSnapshot seen;

        Group(RealServerGroupConfig config) {
            this.config = config;
            this.balancer = Balancer.of(Schedulers.byKind(config.scheduler()));
            this.members = Set.copyOf(config.members());
        }

        Balancer balancer(Balancer source) {
            PoolSnapshot pool = source.pool();
            // Identity on purpose: a new snapshot object is a new publication.
            @SuppressWarnings("ReferenceEquality")
            boolean changed = pool != seen;
            if (changed) {
                // Benign race: two loops may rebuild the same snapshot; both results are equal.
                List<RealServer> mine =
                        pool.servers().stream().filter(s -> members.contains(s.address())).toList();
                balancer.update(new PoolSnapshot(mine), source.sorryServer());
                seen = pool;
            }
            return balancer;
        }
    }

    private final List<HttpRoute> routes;
    private final Map<String, Group> groups = new HashMap<>();
    private final Group fallback;

    Router(HttpConfig config) {
        this.routes = config.routes();
        config.groups().forEach((name, g) -> groups.put(name, new Group(g)));
        this.fallback =
                Objects.requireNonNull(groups.get(RealServerGroupConfig.DEFAULT), "default group");
    }

    /**
     * The group for a request: among routes whose host and path prefix match, an exact host beats a
     * wildcard, which beats a route for any host; then the longest prefix wins.
     *
     * @param host the Host header without port, lower case, or "" when absent
     */
    Group route(String host, String path) {
        HttpRoute best = null;
        int bestHost = -1;
        int bestPrefix = -1;
        for (HttpRoute r : routes) {
            int hostScore = hostScore(r, host);
            if (hostScore < 0 || !path.startsWith(r.pathPrefix())) {
                continue;
            }
            int prefix = r.pathPrefix().length();
            if (hostScore > bestHost || (hostScore == bestHost && prefix > bestPrefix)) {
                best = r;
                bestHost = hostScore;
                bestPrefix = prefix;
            }
        }
        if (best == null) {
            return fallback;
        }
        Group g = groups.get(best.group());
        return g == null ? fallback : g;
    }

    /** 2 exact, 1 wildcard, 0 any host, -1 no match. */
    private static int hostScore(HttpRoute route, String host) {
        if (route.hosts().isEmpty()) {
            return 0;
        }
        int score = -1;
        for (String pattern : route.hosts()) {
            if (pattern.equals(host)) {
                return 2;
            }
            if (pattern.startsWith("*.") && host.endsWith(pattern.substring(1))) {
                score = 1;
            }
        }
        return score;
    }
}
