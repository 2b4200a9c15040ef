package io.tandem.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A name answered from live targets. Its query counter drives the rotation; several responder
 * threads share it, hence the atomic.
 */
final class MappedName {
    private final Name owner;
    private final TargetSource source;
    private final long ttl;
    private final int maxAnswers;
    private final AtomicLong queries = new AtomicLong();

    MappedName(Name owner, TargetSource source, long ttlSeconds, int maxAnswers) {
        this.owner = owner;
        this.source = source;
        this.ttl = ttlSeconds;
        this.maxAnswers = maxAnswers;
    }

    /** What one query sees. */
    record Addresses(List<Record> records, boolean noHealthy) {}

    /**
     * The A or AAAA records (both for ANY) for one query: the healthy servers of that family in
     * rotated order, or the sorry server when no server at all is healthy.
     */
    Addresses answer(int qtype) {
        AnswerTargets targets = source.current();
        List<Record> out = new ArrayList<>();
        if (targets.healthy().isEmpty()) {
            InetAddress sorry = targets.sorry();
            if (sorry != null) {
                add(sorry, qtype, out);
            }
            return new Addresses(out, true);
        }
        long n = queries.getAndIncrement();
        for (InetAddress address :
                WeightedRotation.order(targets.healthy(), n, Integer.MAX_VALUE)) {
            if (out.size() < maxAnswers) {
                add(address, qtype, out);
            }
        }
        return new Addresses(out, false);
    }

    private void add(InetAddress address, int qtype, List<Record> out) {
        boolean any = qtype == Type.ANY;
        if (address instanceof Inet4Address && (any || qtype == Type.A)) {
            out.add(new ARecord(owner, DClass.IN, ttl, address));
        } else if (address instanceof Inet6Address && (any || qtype == Type.AAAA)) {
            out.add(new AAAARecord(owner, DClass.IN, ttl, address));
        }
    }
}
