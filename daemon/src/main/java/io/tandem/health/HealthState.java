package io.tandem.health;

import io.tandem.common.HostPort;
import java.time.Instant;
import java.util.List;

/**
 * One real server's health as the admin CLI shows it: an immutable copy made on the control thread.
 *
 * @param address the real server
 * @param up whether every checker passes (always true without checkers)
 * @param weight the weight it has in the pool now (0 when down with inhibit_on_failure)
 * @param reason why it is in its state: the report that last changed it, or "not checked yet"
 * @param since when it entered that state
 * @param lastResults the latest detail of each checker, in config order
 */
public record HealthState(
        HostPort address,
        boolean up,
        int weight,
        String reason,
        Instant since,
        List<String> lastResults) {

    public HealthState {
        lastResults = List.copyOf(lastResults);
    }
}
