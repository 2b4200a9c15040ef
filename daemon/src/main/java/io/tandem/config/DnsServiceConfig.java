package io.tandem.config;

import io.tandem.common.HostPort;
import java.time.Duration;
import java.util.List;

/**
 * The {@code dns_service} block, Tandem's addition: an authoritative DNS responder for one zone
 * that answers mapped names with the healthy real servers of a virtual server.
 *
 * @param listen where it answers, UDP and TCP on the same address and port
 * @param zone the zone's apex, absolute and lower case with the trailing dot ({@code example.com.})
 * @param ttl the TTL of answers built from real servers; short, because health changes fast
 * @param maxAnswers at most this many addresses in one answer (1..64)
 * @param recordTtl the TTL of static records, the SOA and the NS records
 * @param soa the zone's SOA, also sent in the authority section of negative answers
 * @param names the mapped names, in file order, each owner name once
 * @param records the static records, in file order
 * @param position where the block starts
 */
public record DnsServiceConfig(
        HostPort listen,
        String zone,
        Duration ttl,
        int maxAnswers,
        Duration recordTtl,
        DnsSoaConfig soa,
        List<DnsNameConfig> names,
        List<StaticRecordConfig> records,
        SourcePosition position) {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_ANSWERS = 8;
    public static final Duration DEFAULT_RECORD_TTL = Duration.ofMinutes(5);
    public static final int DEFAULT_PORT = 53;

    public DnsServiceConfig {
        names = List.copyOf(names);
        records = List.copyOf(records);
    }
}
