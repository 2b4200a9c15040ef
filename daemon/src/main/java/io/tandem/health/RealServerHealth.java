package io.tandem.health;

import io.tandem.config.CheckConfig;
import io.tandem.config.RealServerConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * One real server's health on the control thread: up only while every checker is up (keepalived's
 * rule for several checkers), and the weight it asks for. Pure: fed {@link CheckReport}s, it says
 * what changed; not thread-safe.
 */
final class RealServerHealth {
    /** What a report did to the server as a whole. */
    enum Effect {
        NONE,
        WENT_UP,
        WENT_DOWN,
        WEIGHT_CHANGED
    }

    RealServerConfig config; // replaced in place when only weight, thresholds or scripts change
    private final boolean[] checkUp;
    private final OptionalInt[] requestedWeight;
    private final String[] lastResults;
    private boolean up;
    private String reason;
    private Instant since;

    RealServerHealth(RealServerConfig config, Instant now) {
        this.config = config;
        List<CheckConfig> checks = config.checks();
        this.checkUp = new boolean[checks.size()];
        this.requestedWeight = new OptionalInt[checks.size()];
        this.lastResults = new String[checks.size()];
        for (int i = 0; i < checks.size(); i++) {
            checkUp[i] = !checks.get(i).settings().alpha();
            requestedWeight[i] = OptionalInt.empty();
            lastResults[i] = "not checked yet";
        }
        this.up = allUp();
        this.reason =
                checks.isEmpty()
                        ? "no checkers: always up"
                        : up
                                ? "not checked yet (up until a check fails)"
                                : "alpha: down until checked";
        this.since = now;
    }

    Effect apply(CheckReport report, Instant now) {
        int i = report.check();
        lastResults[i] = report.result().detail();
        int weightBefore = weight();
        checkUp[i] = report.checkerUp();
        if (report.result().up()) {
            requestedWeight[i] = report.result().weight();
        }
        boolean nowUp = allUp();
        if (nowUp != up) {
            up = nowUp;
            reason = report.reason();
            since = now;
            return up ? Effect.WENT_UP : Effect.WENT_DOWN;
        }
        if (up && weight() != weightBefore) {
            reason = report.reason();
            return Effect.WEIGHT_CHANGED;
        }
        return Effect.NONE;
    }

    boolean up() {
        return up;
    }

    /** The weight while up: a misc_dynamic request, else the configured weight. */
    int weight() {
        for (int i = requestedWeight.length - 1; i >= 0; i--) {
            if (requestedWeight[i].isPresent()) {
                return requestedWeight[i].getAsInt();
            }
        }
        return config.weight();
    }

    String reason() {
        return reason;
    }

    HealthState state(int weightInPool) {
        return new HealthState(
                config.address(),
                up,
                weightInPool,
                reason,
                since,
                new ArrayList<>(Arrays.asList(lastResults)));
    }

    private boolean allUp() {
        for (boolean b : checkUp) {
            if (!b) {
                return false;
            }
        }
        return true;
    }
}
