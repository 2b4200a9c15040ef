package io.tandem.dns;

import java.util.concurrent.atomic.LongAdder;

/** The responder's live counters; written by its threads, read by anyone. */
final class DnsCounters {
    final LongAdder queries = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder notImplemented = new LongAdder();
    final LongAdder nxdomain = new LongAdder();
    final LongAdder truncated = new LongAdder();
    final LongAdder noHealthy = new LongAdder();

    DnsStatistics snapshot() {
        return new DnsStatistics(
                queries.sum(),
                malformed.sum(),
                refused.sum(),
                notImplemented.sum(),
                nxdomain.sum(),
                truncated.sum(),
                noHealthy.sum());
    }
}
