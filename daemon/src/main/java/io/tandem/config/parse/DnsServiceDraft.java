package io.tandem.config.parse;

import io.tandem.common.HostPort;
import io.tandem.config.DnsNameConfig;
import io.tandem.config.DnsServiceConfig;
import io.tandem.config.DnsSoaConfig;
import io.tandem.config.StaticRecordConfig;
import io.tandem.config.StaticRecordType;
import io.tandem.config.VirtualServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * A {@code dns_service} block while it is read. Names, records and the SOA are read in {@link
 * #build}, when the zone (which may come last in the block) and the virtual servers are known.
 */
final class DnsServiceDraft {
    final Statement header;
    @Nullable Statement listen;
    @Nullable Token zone;
    @Nullable Statement soa;
    Duration ttl = DnsServiceConfig.DEFAULT_TTL;
    Duration recordTtl = DnsServiceConfig.DEFAULT_RECORD_TTL;
    int maxAnswers = DnsServiceConfig.DEFAULT_MAX_ANSWERS;
    final List<Statement> names = new ArrayList<>();
    final List<Statement> records = new ArrayList<>();

    DnsServiceDraft(Statement header) {
        this.header = header;
    }

    /** The record, or empty when something was wrong (reported to {@code values}). */
    Optional<DnsServiceConfig> build(List<VirtualServerConfig> virtualServers, ValueReader values) {
        Optional<HostPort> address = listenAddress(values);
        Token zoneToken = zone;
        if (zoneToken == null) {
            values.error(header.keyword(), "dns_service: 'zone NAME' is missing");
            return Optional.empty();
        }
        Optional<Name> apex = OwnerNames.zone(zoneToken, values);
        if (apex.isEmpty()) {
            return Optional.empty();
        }
        OwnerNames owners = new OwnerNames(apex.get(), values);
        DnsSoaConfig soaConfig = soa(owners, values);
        List<DnsNameConfig> mapped = new DnsNameBinder(owners, virtualServers, values).bind(names);
        List<StaticRecordConfig> statics = new StaticRecordReader(owners, values).read(records);
        checkOwners(apex.get(), mapped, statics, values);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new DnsServiceConfig(
                        address.get(),
                        apex.get().toString(),
                        ttl,
                        maxAnswers,
                        recordTtl,
                        soaConfig,
                        mapped,
                        statics,
                        header.position()));
    }

    private Optional<HostPort> listenAddress(ValueReader values) {
        Statement s = listen;
        if (s == null) {
            values.error(header.keyword(), "dns_service: 'listen IP [PORT]' is missing");
            return Optional.empty();
        }
        if (s.arguments().size() == 2) {
            return values.hostPort(s.name(), s.argument(0), s.argument(1));
        }
        return values.address(s.name(), s.argument(0))
                .map(a -> new HostPort(a, DnsServiceConfig.DEFAULT_PORT));
    }

    private DnsSoaConfig soa(OwnerNames owners, ValueReader values) {
        DnsSoaConfig defaults = DnsSoaConfig.defaults(owners.zone().toString());
        Statement s = soa;
        if (s == null) {
            return defaults;
        }
        if (s.arguments().size() != 2 && s.arguments().size() != 7) {
            values.error(
                    s.keyword(),
                    "soa: expected 'soa MNAME RNAME' or 'soa MNAME RNAME SERIAL REFRESH RETRY"
                            + " EXPIRE MINIMUM', got "
                            + s.describeArguments());
            return defaults;
        }
        String primary = owners.any(s.name(), s.argument(0)).map(Name::toString).orElse("");
        String mailbox = owners.any(s.name(), s.argument(1)).map(Name::toString).orElse("");
        if (s.arguments().size() == 2) {
            return new DnsSoaConfig(
                    primary,
                    mailbox,
                    defaults.serial(),
                    defaults.refreshSeconds(),
                    defaults.retrySeconds(),
                    defaults.expireSeconds(),
                    defaults.minimumSeconds());
        }
        long[] n = new long[5];
        for (int i = 0; i < 5; i++) {
            // RFC 1035: SERIAL is an unsigned 32-bit number, the timers are 32-bit seconds.
            n[i] = values.integer(s.name(), s.argument(2 + i), 0, Integer.MAX_VALUE).orElse(0);
        }
        return new DnsSoaConfig(primary, mailbox, n[0], n[1], n[2], n[3], n[4]);
    }

    /** A CNAME owner may have nothing else (RFC 1034 section 3.6.2), and the apex has the SOA. */
    private static void checkOwners(
            Name apex,
            List<DnsNameConfig> mapped,
            List<StaticRecordConfig> statics,
            ValueReader values) {
        Map<String, StaticRecordConfig> cnames = new HashMap<>();
        for (StaticRecordConfig r : statics) {
            if (r.type() == StaticRecordType.CNAME) {
                if (r.owner().equals(apex.toString())) {
                    values.error(
                            r.position(), "record CNAME: not at the zone apex, which has the SOA");
                }
                cnames.putIfAbsent(r.owner(), r);
            }
        }
        for (StaticRecordConfig r : statics) {
            StaticRecordConfig cname = cnames.get(r.owner());
            if (cname != null && !cname.equals(r)) {
                values.error(
                        r.position(),
                        "record "
                                + r.type()
                                + ": "
                                + r.owner()
                                + " already has a CNAME (at "
                                + cname.position()
                                + "), which allows no other record");
            }
        }
        for (DnsNameConfig n : mapped) {
            StaticRecordConfig cname = cnames.get(n.owner());
            if (cname != null) {
                values.error(
                        n.position(),
                        "name: "
                                + n.owner()
                                + " already has a CNAME (at "
                                + cname.position()
                                + "), which allows no other record");
            }
        }
    }
}
