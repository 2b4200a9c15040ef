package io.tandem.health;

import io.tandem.config.RealServerConfig;
import io.tandem.config.VirtualServerConfig;
import java.util.List;

/** {@link HealthEvents#all}: passes each event to several listeners. */
record HealthEventsFanOut(List<HealthEvents> all) implements HealthEvents {

    HealthEventsFanOut {
        all = List.copyOf(all);
    }

    @Override
    public void realServerWentUp(
            VirtualServerConfig virtual, RealServerConfig real, String reason) {
        all.forEach(e -> e.realServerWentUp(virtual, real, reason));
    }

    @Override
    public void realServerWentDown(
            VirtualServerConfig virtual, RealServerConfig real, String reason) {
        all.forEach(e -> e.realServerWentDown(virtual, real, reason));
    }

    @Override
    public void realServerWeightChanged(
            VirtualServerConfig virtual, RealServerConfig real, int weight, String reason) {
        all.forEach(e -> e.realServerWeightChanged(virtual, real, weight, reason));
    }

    @Override
    public void virtualServerLostAllServers(VirtualServerConfig virtual) {
        all.forEach(e -> e.virtualServerLostAllServers(virtual));
    }

    @Override
    public void quorumLost(VirtualServerConfig virtual, long healthyWeight) {
        all.forEach(e -> e.quorumLost(virtual, healthyWeight));
    }

    @Override
    public void quorumRegained(VirtualServerConfig virtual, long healthyWeight) {
        all.forEach(e -> e.quorumRegained(virtual, healthyWeight));
    }
}
