package io.tandem.health;

import io.tandem.config.RealServerConfig;
import io.tandem.config.VirtualServerConfig;
import java.util.List;

/**
 * What health checking reports, for logs, scripts, alerts and metrics. Called on the control thread
 * after the new pool is published; implementations must not block (start scripts or mail on another
 * thread).
 */
public interface HealthEvents {

    /** Every checker of {@code real} passes again; it takes new connections with its weight. */
    void realServerWentUp(VirtualServerConfig virtual, RealServerConfig real, String reason);

    /** A checker of {@code real} failed enough times; it takes no new connections. */
    void realServerWentDown(VirtualServerConfig virtual, RealServerConfig real, String reason);

    /** A MISC_CHECK with misc_dynamic set a new weight for an up server. */
    void realServerWeightChanged(
            VirtualServerConfig virtual, RealServerConfig real, int weight, String reason);

    /** No real server of {@code virtual} can take a connection any more. */
    void virtualServerLostAllServers(VirtualServerConfig virtual);

    /** The healthy weight sum dropped below quorum − hysteresis: the sorry server takes over. */
    void quorumLost(VirtualServerConfig virtual, long healthyWeight);

    /** The healthy weight sum reached quorum + hysteresis again: the real servers take over. */
    void quorumRegained(VirtualServerConfig virtual, long healthyWeight);

    /** Each event goes to every one of {@code all}, in order. */
    static HealthEvents all(List<HealthEvents> all) {
        return new HealthEventsFanOut(all);
    }
}
