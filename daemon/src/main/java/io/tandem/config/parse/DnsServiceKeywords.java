package io.tandem.config.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code dns_service} section, Tandem's addition: an authoritative responder for one zone.
 * Names and records are only collected here; {@link DnsServiceDraft#build} reads them once the zone
 * and every virtual server are known.
 */
final class DnsServiceKeywords {
    static final String SECTION = "dns_service";

    /** Most names an answer may carry; 64 A records already need EDNS or TCP. */
    static final int MAX_ANSWERS = 64;

    /** A week: longer TTLs make a zone that follows health pointless. */
    static final int MAX_TTL = 604_800;

    static final KeywordTable<DnsServiceDraft> TABLE = new KeywordTable<>(SECTION, keywords());

    private DnsServiceKeywords() {}

    private static List<Keyword<DnsServiceDraft>> keywords() {
        List<Keyword<DnsServiceDraft>> k = new ArrayList<>();
        k.add(
                new Keyword.Supported<>(
                        "listen",
                        "listen IP [PORT]",
                        1,
                        2,
                        Keyword.BlockUse.NONE,
                        false,
                        (s, d, v) -> d.listen = s));
        k.add(Keyword.value("zone", "zone NAME", (s, d, v) -> d.zone = s.argument(0)));
        k.add(
                Keyword.value(
                        "ttl",
                        "ttl SECONDS",
                        (s, d, v) ->
                                v.seconds(s.name(), s.argument(0), 0, MAX_TTL)
                                        .ifPresent(t -> d.ttl = t)));
        k.add(
                Keyword.value(
                        "record_ttl",
                        "record_ttl SECONDS",
                        (s, d, v) ->
                                v.seconds(s.name(), s.argument(0), 0, MAX_TTL)
                                        .ifPresent(t -> d.recordTtl = t)));
        k.add(
                Keyword.value(
                        "max_answers",
                        "max_answers N",
                        (s, d, v) ->
                                v.integer(s.name(), s.argument(0), 1, MAX_ANSWERS)
                                        .ifPresent(n -> d.maxAnswers = n)));
        k.add(
                new Keyword.Supported<>(
                        "name",
                        "name LABEL virtual_server IP PORT [TCP|UDP] or name LABEL"
                                + " virtual_server group NAME",
                        4,
                        5,
                        Keyword.BlockUse.NONE,
                        true,
                        (s, d, v) -> d.names.add(s)));
        k.add(
                new Keyword.Supported<>(
                        "record",
                        "record OWNER TYPE DATA...",
                        3,
                        Integer.MAX_VALUE,
                        Keyword.BlockUse.NONE,
                        true,
                        (s, d, v) -> d.records.add(s)));
        k.add(
                new Keyword.Supported<>(
                        "soa",
                        "soa MNAME RNAME or soa MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM",
                        2,
                        7,
                        Keyword.BlockUse.NONE,
                        false,
                        (s, d, v) -> d.soa = s));
        return k;
    }
}
