package io.tandem.dns;

import static io.tandem.dns.TestZone.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.ConfigLoader;
import io.tandem.config.DnsServiceConfig;
import io.tandem.pool.PoolSnapshot;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The message rules without sockets: what is answered how, and what is dropped. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ZoneResponderTest {
    private final DnsCounters counters = new DnsCounters();
    private ZoneResponder responder;

    @BeforeEach
    void build() throws Exception {
        DnsServiceConfig config =
                ConfigLoader.parse(TestZone.CONFIG, Path.of("dns.conf")).dnsService();
        PoolSnapshot pool = PoolSnapshot.of(TestZone.server("10.0.1.1", 1));
        responder =
                new ZoneResponder(
                        new Zone(config, n -> TargetSource.of(() -> pool, () -> null)), counters);
    }

    @Test
    void aResponseSentToUsIsDroppedAsMalformed() throws Exception {
        Message m = query("www.example.com.", Type.A);
        m.getHeader().setFlag(Flags.QR);

        assertThat(respond(m.toWire())).isNull();
        assertThat(counters.snapshot().malformed()).isEqualTo(1);
        assertThat(counters.snapshot().queries()).isZero();
    }

    @Test
    void aHeaderWithoutAQuestionIsFormerr() throws Exception {
        Message answer = new Message(respond(new Message(7).toWire()));

        assertThat(answer.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(answer.getHeader().getID()).isEqualTo(7);
    }

    @Test
    void zoneTransfersAndOtherClassesAreRefused() throws Exception {
        assertThat(rcode(query("example.com.", Type.AXFR))).isEqualTo(Rcode.REFUSED);
        Message chaos =
                Message.newQuery(
                        Record.newRecord(Name.fromString("www.example.com."), Type.TXT, DClass.CH));
        assertThat(rcode(chaos)).isEqualTo(Rcode.REFUSED);
        assertThat(counters.snapshot().refused()).isEqualTo(2);
    }

    @Test
    void anUnknownEdnsVersionIsBadvers() throws Exception {
        Message m = query("www.example.com.", Type.A);
        m.addRecord(new OPTRecord(4096, 0, 1), Section.ADDITIONAL);

        Message answer = new Message(respond(m.toWire()));

        assertThat(answer.getRcode()).isEqualTo(Rcode.BADVERS);
        assertThat(answer.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void aCnameInsideTheZoneIsFollowedUnlessTheCnameIsAskedFor() throws Exception {
        Message answer = new Message(respond(query("api.example.com.", Type.A).toWire()));

        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(TestZone.answers(answer)).containsExactly("www.example.com.", "10.0.1.1");
        assertThat(
                        TestZone.answers(
                                new Message(
                                        respond(query("api.example.com.", Type.CNAME).toWire()))))
                .containsExactly("www.example.com.");
    }

    @Test
    void anyQueryGetsEveryRecordOfTheName() throws Exception {
        Message answer = new Message(respond(query("example.com.", Type.ANY).toWire()));

        assertThat(answer.getSection(Section.ANSWER))
                .extracting(Record::getType)
                .containsExactlyInAnyOrder(Type.SOA, Type.TXT, Type.NS);
    }

    private int rcode(Message m) throws Exception {
        return new Message(respond(m.toWire())).getRcode();
    }

    private byte[] respond(byte[] wire) {
        return responder.respond(wire, wire.length, true);
    }
}
