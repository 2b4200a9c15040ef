package io.tandem.schedule;

import io.tandem.config.SchedulerKind;
import java.util.List;
import java.util.Optional;

/** Every IPVS scheduler, registered by its IPVS name. */
public final class Schedulers {

    private Schedulers() {}

    public static List<SchedulerFactory> all() {
        return List.of();
    }

    public static SchedulerFactory byKind(SchedulerKind kind) {
        return all().stream()
                .filter(f -> f.kind() == kind)
                .findFirst()
                .orElseThrow(
                        () -> new IllegalStateException("no scheduler for " + kind.ipvsName()));
    }

    public static Optional<SchedulerFactory> byName(String ipvsName) {
        return SchedulerKind.byIpvsName(ipvsName).map(Schedulers::byKind);
    }
}
