package io.tandem.bench;

import io.tandem.common.HostPort;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import io.tandem.schedule.Flow;
import io.tandem.schedule.Scheduler;
import io.tandem.schedule.Schedulers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of one scheduling decision, per IPVS algorithm and pool size. Servers get weights 1..100
 * and live counts like a busy pool (active up to twice the weight, some opening or closing), so the
 * connection-based rules do not stop at the first server; clients cycle through 4096 distinct
 * addresses and 256 destinations, so the hashing and locality rules see varied keys. Counts stay
 * fixed while measuring in {@link #pick}; {@link #pickAndCount} adds the bookkeeping a connection
 * costs (one opened and dropped on the chosen server), which is where lc, wlc, sed and nq keep
 * their load order on large pools.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SchedulerPickBenchmark {
    private static final int FLOWS = 4096;
    private static final int DESTINATIONS = 256;

    @Param({"rr", "wrr", "lc", "wlc", "sed", "nq", "sh", "dh", "mh", "lblc", "lblcr", "fo", "ovf"})
    public String scheduler = "rr";

    @Param({"10", "100", "1000"})
    public int servers = 10;

    private @Nullable Scheduler picker;
    private Flow[] flows = new Flow[0];
    private int next;

    @Setup
    public void setUp() throws UnknownHostException {
        SplittableRandom random = new SplittableRandom(42);
        List<RealServer> pool = new ArrayList<>();
        for (int i = 0; i < servers; i++) {
            InetAddress address =
                    InetAddress.getByAddress(new byte[] {10, 1, (byte) (i >> 8), (byte) i});
            int weight = 1 + random.nextInt(100);
            RealServer server = new RealServer(new HostPort(address, 80), weight);
            int active = random.nextInt(2 * weight + 1);
            int inactive = random.nextInt(50);
            for (int c = 0; c < active + inactive; c++) {
                server.connectionStarted();
            }
            for (int c = 0; c < active; c++) {
                server.connectionEstablished();
            }
            pool.add(server);
        }
        picker =
                Schedulers.byName(scheduler)
                        .orElseThrow(() -> new IllegalArgumentException(scheduler))
                        .create(new PoolSnapshot(pool));
        flows = new Flow[FLOWS];
        for (int i = 0; i < FLOWS; i++) {
            int client = random.nextInt();
            InetAddress clientAddress =
                    InetAddress.getByAddress(
                            new byte[] {
                                (byte) (client >> 24),
                                (byte) (client >> 16),
                                (byte) (client >> 8),
                                (byte) client
                            });
            int d = i % DESTINATIONS;
            InetAddress destination =
                    InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, (byte) d});
            flows[i] =
                    Flow.of(
                            new InetSocketAddress(clientAddress, 1024 + random.nextInt(60000)),
                            new InetSocketAddress(destination, 80));
        }
    }

    @Benchmark
    public @Nullable RealServer pick() {
        Flow flow = flows[next];
        next = (next + 1) & (FLOWS - 1);
        Scheduler s = picker;
        return s == null ? null : s.pick(flow);
    }

    /** A pick plus two connection-count changes on the server picked, as one connection makes. */
    @Benchmark
    public @Nullable RealServer pickAndCount() {
        RealServer chosen = pick();
        if (chosen != null) {
            chosen.connectionStarted();
            chosen.connectionDropped();
        }
        return chosen;
    }
}
