package io.tandem.dns;

import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The seam between the responder and the control plane: the current answer targets of one mapped
 * name. Called on the responder's threads once per A, AAAA or ANY query, so it must be cheap and
 * never block; reading a volatile snapshot (such as {@code Balancer.pool()}) is what it is for.
 */
@FunctionalInterface
public interface TargetSource {

    AnswerTargets current();

    /**
     * Reads a pool snapshot and a sorry server on every query, e.g. {@code
     * TargetSource.of(balancer::pool, balancer::sorryServer)}: a server that leaves the pool leaves
     * the answers with the next query.
     */
    static TargetSource of(
            Supplier<PoolSnapshot> pool, Supplier<@Nullable RealServer> sorryServer) {
        return () -> AnswerTargets.of(pool.get(), sorryServer.get());
    }
}
