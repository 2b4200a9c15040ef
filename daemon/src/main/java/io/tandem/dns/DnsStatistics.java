package io.tandem.dns;

/**
 * Counts of the responder since it started, read at one moment.
 *
 * @param queries well-formed queries answered (any rcode)
 * @param malformed datagrams and TCP messages that were not a DNS query, dropped unanswered
 * @param refused answered REFUSED: outside the zone, another class, or a zone transfer
 * @param notImplemented answered NOTIMP: an opcode other than QUERY
 * @param nxdomain answered NXDOMAIN
 * @param truncated UDP answers cut to the client's size with TC set
 * @param noHealthy queries of a mapped name with no healthy server (sorry server or empty answer)
 */
public record DnsStatistics(
        long queries,
        long malformed,
        long refused,
        long notImplemented,
        long nxdomain,
        long truncated,
        long noHealthy) {}
