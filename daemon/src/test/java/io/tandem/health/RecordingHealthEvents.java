package io.tandem.health;

import io.tandem.config.RealServerConfig;
import io.tandem.config.VirtualServerConfig;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Health events as lines, for assertions: {@code DOWN 127.0.0.1:8080: reason}. */
final class RecordingHealthEvents implements HealthEvents {
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void realServerWentUp(
            VirtualServerConfig virtual, RealServerConfig real, String reason) {
        lines.add("UP " + real.address() + ": " + reason);
    }

    @Override
    public void realServerWentDown(
            VirtualServerConfig virtual, RealServerConfig real, String reason) {
        lines.add("DOWN " + real.address() + ": " + reason);
    }

    @Override
    public void realServerWeightChanged(
            VirtualServerConfig virtual, RealServerConfig real, int weight, String reason) {
        lines.add("WEIGHT " + real.address() + " " + weight + ": " + reason);
    }

    @Override
    public void virtualServerLostAllServers(VirtualServerConfig virtual) {
        lines.add("ALL DOWN " + virtual.name());
    }

    @Override
    public void quorumLost(VirtualServerConfig virtual, long healthyWeight) {
        lines.add("QUORUM LOST " + healthyWeight);
    }

    @Override
    public void quorumRegained(VirtualServerConfig virtual, long healthyWeight) {
        lines.add("QUORUM REGAINED " + healthyWeight);
    }
}
