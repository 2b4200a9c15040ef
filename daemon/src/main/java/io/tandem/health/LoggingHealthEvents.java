package io.tandem.health;

import io.tandem.config.RealServerConfig;
import io.tandem.config.VirtualServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every transition with its reason: {@code 10.0.0.3:80 DOWN: HTTP_GET /health returned 503
 * (expected 200-299), 2nd failure [virtual_server 10.0.0.1:80]}.
 */
public final class LoggingHealthEvents implements HealthEvents {
    private static final Logger log = LoggerFactory.getLogger(LoggingHealthEvents.class);

    @Override
    public void realServerWentUp(
            VirtualServerConfig virtual, RealServerConfig real, String reason) {
        log.info("{} UP: {} [virtual_server {}]", real.address(), reason, virtual.name());
    }

    @Override
    public void realServerWentDown(
            VirtualServerConfig virtual, RealServerConfig real, String reason) {
        log.warn("{} DOWN: {} [virtual_server {}]", real.address(), reason, virtual.name());
    }

    @Override
    public void realServerWeightChanged(
            VirtualServerConfig virtual, RealServerConfig real, int weight, String reason) {
        log.info(
                "{} weight {}: {} [virtual_server {}]",
                real.address(),
                weight,
                reason,
                virtual.name());
    }

    @Override
    public void virtualServerLostAllServers(VirtualServerConfig virtual) {
        log.warn(
                "virtual_server {}: no real server is up{}",
                virtual.name(),
                virtual.sorryServer() == null
                        ? "; new connections are refused"
                        : "; the sorry server " + virtual.sorryServer() + " takes them");
    }

    @Override
    public void quorumLost(VirtualServerConfig virtual, long healthyWeight) {
        log.warn(
                "virtual_server {}: lost quorum (healthy weight {} < quorum {} - hysteresis {})",
                virtual.name(),
                healthyWeight,
                virtual.quorum(),
                virtual.hysteresis());
    }

    @Override
    public void quorumRegained(VirtualServerConfig virtual, long healthyWeight) {
        log.info(
                "virtual_server {}: regained quorum (healthy weight {} >= quorum {} + hysteresis"
                        + " {})",
                virtual.name(),
                healthyWeight,
                virtual.quorum(),
                virtual.hysteresis());
    }
}
