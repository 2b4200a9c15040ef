package io.tandem.dns;

import io.tandem.config.DnsNameConfig;
import io.tandem.config.DnsServiceConfig;
import io.tandem.config.DnsSoaConfig;
import io.tandem.config.StaticRecordConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The data of one authoritative zone and the lookup rules of RFC 1034 section 4.3.2 that Tandem
 * needs: exact names, CNAME chains inside the zone, empty non-terminals, no wildcards and no
 * delegation. Immutable once built; the live part is in each {@link MappedName}.
 */
final class Zone {
    /** How many CNAMEs in a row are followed inside the zone before the chain is cut. */
    private static final int MAX_CHAIN = 8;

    private final Name apex;
    private final SOARecord soa;
    private final Map<Name, MappedName> mapped = new HashMap<>();
    private final Map<Name, List<Record>> statics = new HashMap<>();
    private final Set<Name> existing = new HashSet<>();

    /** The outcome of a lookup, before it becomes a message. */
    record Result(int rcode, List<Record> answer, List<Record> authority, boolean noHealthy) {}

    Zone(DnsServiceConfig config, Function<DnsNameConfig, TargetSource> targets) {
        this.apex = name(config.zone());
        long recordTtl = config.recordTtl().toSeconds();
        DnsSoaConfig s = config.soa();
        this.soa =
                new SOARecord(
                        apex,
                        DClass.IN,
                        recordTtl,
                        name(s.primary()),
                        name(s.mailbox()),
                        s.serial(),
                        s.refreshSeconds(),
                        s.retrySeconds(),
                        s.expireSeconds(),
                        s.minimumSeconds());
        add(soa);
        for (StaticRecordConfig r : config.records()) {
            add(parse(r, recordTtl));
        }
        if (statics.getOrDefault(apex, List.of()).stream().noneMatch(r -> r.getType() == Type.NS)) {
            add(new NSRecord(apex, DClass.IN, recordTtl, soa.getHost()));
        }
        for (DnsNameConfig n : config.names()) {
            Name owner = name(n.owner());
            mapped.put(
                    owner,
                    new MappedName(
                            owner,
                            targets.apply(n),
                            config.ttl().toSeconds(),
                            config.maxAnswers()));
            exists(owner);
        }
    }

    Name apex() {
        return apex;
    }

    /** Answers {@code qname}/{@code qtype}; {@code qname} must be at or under the apex. */
    Result lookup(Name qname, int qtype) {
        List<Record> answer = new ArrayList<>();
        boolean noHealthy = false;
        Name current = qname;
        for (int hop = 0; hop <= MAX_CHAIN; hop++) {
            List<Record> here = statics.getOrDefault(current, List.of());
            CNAMERecord cname =
                    here.stream()
                            .filter(CNAMERecord.class::isInstance)
                            .map(CNAMERecord.class::cast)
                            .findFirst()
                            .orElse(null);
            if (cname != null && qtype != Type.CNAME && qtype != Type.ANY) {
                answer.add(cname);
                current = cname.getTarget();
                if (!current.subdomain(apex)) {
                    return new Result(Rcode.NOERROR, answer, List.of(), noHealthy);
                }
                continue;
            }
            if (!existing.contains(current)) {
                // RFC 6604: after a CNAME the rcode describes the last name of the chain.
                return new Result(Rcode.NXDOMAIN, answer, negative(), noHealthy);
            }
            int before = answer.size();
            MappedName live = mapped.get(current);
            if (live != null && (qtype == Type.A || qtype == Type.AAAA || qtype == Type.ANY)) {
                MappedName.Addresses addresses = live.answer(qtype);
                answer.addAll(addresses.records());
                noHealthy = addresses.noHealthy();
            }
            for (Record r : here) {
                if (r.getType() == qtype || qtype == Type.ANY) {
                    answer.add(r);
                }
            }
            boolean nodata = answer.size() == before;
            return new Result(Rcode.NOERROR, answer, nodata ? negative() : List.of(), noHealthy);
        }
        return new Result(Rcode.NOERROR, answer, List.of(), noHealthy);
    }

    /**
     * The SOA for the authority section of NXDOMAIN and NODATA; its TTL is the lesser of its own
     * and MINIMUM, the negative caching time of RFC 2308 section 3.
     */
    private List<Record> negative() {
        long ttl = Math.min(soa.getTTL(), soa.getMinimum());
        return List.of(
                new SOARecord(
                        apex,
                        DClass.IN,
                        ttl,
                        soa.getHost(),
                        soa.getAdmin(),
                        soa.getSerial(),
                        soa.getRefresh(),
                        soa.getRetry(),
                        soa.getExpire(),
                        soa.getMinimum()));
    }

    private void add(Record r) {
        statics.computeIfAbsent(r.getName(), k -> new ArrayList<>()).add(r);
        exists(r.getName());
    }

    /** The name and every ancestor up to the apex exist (empty non-terminals answer NODATA). */
    private void exists(Name owner) {
        for (Name n = owner; n.subdomain(apex); n = new Name(n, 1)) {
            existing.add(n);
            if (n.equals(apex)) {
                break;
            }
        }
    }

    private static Record parse(StaticRecordConfig r, long ttl) {
        try {
            return Record.fromString(
                    name(r.owner()),
                    Type.value(r.type().name()),
                    DClass.IN,
                    ttl,
                    r.data(),
                    Name.root);
        } catch (IOException e) {
            // The config loader parsed the same text already.
            throw new UncheckedIOException("record " + r + " no longer parses", e);
        }
    }

    static Name name(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("bad name " + text, e);
        }
    }
}
