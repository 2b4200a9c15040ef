package io.tandem.dns;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns one query message into one response message (RFC 1035 section 4.1): header rules, opcode,
 * class and zone checks, EDNS(0) (RFC 6891) and UDP truncation. Thread-safe; never throws on bad
 * input: what is not a query is counted and yields null, to be dropped.
 */
final class ZoneResponder {
    /** RFC 1035 section 4.2.1: without EDNS a UDP message is at most 512 bytes. */
    static final int CLASSIC_UDP_SIZE = 512;

    /** What Tandem advertises in its OPT record: the DNS flag day 2020 size, free of fragments. */
    static final int EDNS_UDP_SIZE = 1232;

    private static final int TCP_MAX = 65535;

    private final Zone zone;
    private final DnsCounters counters;

    ZoneResponder(Zone zone, DnsCounters counters) {
        this.zone = zone;
        this.counters = counters;
    }

    /**
     * @param udp whether the answer goes back over UDP, where its size is limited
     * @return the response's wire form, or null when the input was no query
     */
    byte @Nullable [] respond(byte[] data, int length, boolean udp) {
        Message query;
        try {
            if (length < Header.LENGTH) {
                throw new IllegalArgumentException("shorter than a header");
            }
            query = new Message(Arrays.copyOf(data, length));
        } catch (java.io.IOException | RuntimeException e) {
            counters.malformed.increment();
            return null;
        }
        Header header = query.getHeader();
        if (header.getFlag(Flags.QR)) {
            // A response sent to us: answering it could loop between two responders.
            counters.malformed.increment();
            return null;
        }
        counters.queries.increment();
        Message response = respond(query);
        OPTRecord opt = query.getOPT();
        int limit = TCP_MAX;
        if (udp) {
            limit =
                    opt == null
                            ? CLASSIC_UDP_SIZE
                            : Math.max(CLASSIC_UDP_SIZE, opt.getPayloadSize());
        }
        byte[] wire = response.toWire(limit);
        if (udp && (wire[2] & 0x02) != 0) {
            counters.truncated.increment();
        }
        return wire;
    }

    private Message respond(Message query) {
        Header in = query.getHeader();
        Message response = new Message(in.getID());
        Header out = response.getHeader();
        out.setFlag(Flags.QR);
        out.setOpcode(in.getOpcode());
        if (in.getFlag(Flags.RD)) {
            out.setFlag(Flags.RD);
        }
        Record question = query.getQuestion();
        if (question != null) {
            response.addRecord(question, Section.QUESTION);
        }
        OPTRecord opt = query.getOPT();
        if (opt != null) {
            if (opt.getVersion() != 0) {
                // RFC 6891 section 6.1.3: BADVERS is 16, its upper 8 bits travel in the OPT.
                response.addRecord(
                        new OPTRecord(EDNS_UDP_SIZE, Rcode.BADVERS >> 4, 0), Section.ADDITIONAL);
                return response;
            }
            response.addRecord(new OPTRecord(EDNS_UDP_SIZE, 0, 0), Section.ADDITIONAL);
        }
        if (in.getOpcode() != Opcode.QUERY) {
            counters.notImplemented.increment();
            out.setRcode(Rcode.NOTIMP);
            return response;
        }
        if (question == null || in.getCount(Section.QUESTION) != 1) {
            out.setRcode(Rcode.FORMERR);
            return response;
        }
        Name qname = question.getName();
        int qtype = question.getType();
        int qclass = question.getDClass();
        boolean zoneTransfer = qtype == Type.AXFR || qtype == Type.IXFR;
        if (!qname.subdomain(zone.apex())
                || (qclass != DClass.IN && qclass != DClass.ANY)
                || zoneTransfer) {
            counters.refused.increment();
            out.setRcode(Rcode.REFUSED);
            return response;
        }
        Zone.Result result = zone.lookup(qname, qtype);
        out.setFlag(Flags.AA);
        out.setRcode(result.rcode());
        if (result.rcode() == Rcode.NXDOMAIN) {
            counters.nxdomain.increment();
        }
        if (result.noHealthy()) {
            counters.noHealthy.increment();
        }
        for (Record r : result.answer()) {
            response.addRecord(r, Section.ANSWER);
        }
        for (Record r : result.authority()) {
            response.addRecord(r, Section.AUTHORITY);
        }
        return response;
    }
}
