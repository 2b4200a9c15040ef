package io.tandem.schedule;

import io.tandem.config.SchedulerKind;
import java.util.List;
import java.util.Optional;

/**
 * Every IPVS scheduler, registered by its IPVS name.
 *
 * <p>{@link #all()} returns new factories on every call: {@code mh}, {@code lblc} and {@code lblcr}
 * factories keep per-virtual-server state across pool snapshots (last weights, destination tables),
 * so each virtual server must get its own, as {@link #byKind} and {@link #byName} do.
 */
public final class Schedulers {

    private Schedulers() {}

    public static List<SchedulerFactory> all() {
        return List.of(
                new RoundRobinScheduler.Factory(),
                new WeightedRoundRobinScheduler.Factory(),
                new LeastConnectionScheduler.Factory(),
                new WeightedLeastConnectionScheduler.Factory(),
                new ShortestExpectedDelayScheduler.Factory(),
                new NeverQueueScheduler.Factory(),
                new SourceHashingScheduler.Factory(),
                new DestinationHashingScheduler.Factory(),
                new MaglevHashingScheduler.Factory(),
                new LocalityBasedLeastConnectionScheduler.Factory(),
                new ReplicatedLocalityScheduler.Factory(),
                new WeightedFailoverScheduler.Factory(),
                new WeightedOverflowScheduler.Factory());
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
