package io.tandem.dns;

import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a mapped name can be answered with at one moment.
 *
 * @param healthy the servers in rotation, in configuration order; weight-0 ones already left out
 * @param sorry the sorry server's address, answered only when {@code healthy} is empty; or null
 */
public record AnswerTargets(List<AnswerTarget> healthy, @Nullable InetAddress sorry) {

    public static final AnswerTargets NONE = new AnswerTargets(List.of(), null);

    public AnswerTargets {
        healthy = List.copyOf(healthy);
    }

    /**
     * From a balancer's pool snapshot, which holds only the servers in rotation. A server listed
     * with weight 0 (quiesced, or down with {@code inhibit_on_failure}) takes no new connections,
     * so it is not answered either.
     */
    public static AnswerTargets of(PoolSnapshot pool, @Nullable RealServer sorryServer) {
        List<AnswerTarget> targets = new ArrayList<>(pool.size());
        for (RealServer s : pool.servers()) {
            int weight = s.weight();
            if (weight > 0) {
                targets.add(new AnswerTarget(s.address().address(), weight));
            }
        }
        return new AnswerTargets(
                targets, sorryServer == null ? null : sorryServer.address().address());
    }
}
