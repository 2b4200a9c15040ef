package io.tandem.dns;

import static io.tandem.dns.TestZone.answers;
import static io.tandem.dns.TestZone.query;
import static io.tandem.dns.TestZone.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The responder on a real loopback port, queried with dnsjava's resolver and raw sockets. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DnsServiceIT {
    private static final String WWW = "10.0.0.10:80";
    private TestZone zone;

    @BeforeEach
    void start() throws Exception {
        zone = new TestZone();
        zone.publish(WWW, server("10.0.1.1", 1), server("10.0.1.2", 1), server("10.0.1.3", 1));
    }

    @AfterEach
    void stop() {
        zone.close();
    }

    @Test
    void answersRotateAcrossQueries() throws Exception {
        List<List<String>> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            seen.add(answers(zone.resolver(false).send(query("www.example.com.", Type.A))));
        }

        assertThat(seen)
                .containsExactly(
                        List.of("10.0.1.1", "10.0.1.2", "10.0.1.3"),
                        List.of("10.0.1.2", "10.0.1.3", "10.0.1.1"),
                        List.of("10.0.1.3", "10.0.1.1", "10.0.1.2"),
                        List.of("10.0.1.1", "10.0.1.2", "10.0.1.3"));
    }

    @Test
    void answersAreAuthoritativeWithTheShortTtl() throws Exception {
        Message response = zone.resolver(false).send(query("WWW.Example.com.", Type.A));

        assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(response.getSection(Section.ANSWER)).allMatch(r -> r.getTTL() == 5);
    }

    @Test
    void weightsDecideHowOftenAServerComesFirst() throws Exception {
        zone.publish(WWW, server("10.0.1.1", 3), server("10.0.1.2", 1));
        List<String> firsts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            firsts.add(
                    answers(zone.resolver(false).send(query("www.example.com.", Type.A)))
                            .getFirst());
        }

        assertThat(firsts).filteredOn("10.0.1.1"::equals).hasSize(6);
        assertThat(firsts).filteredOn("10.0.1.2"::equals).hasSize(2);
    }

    @Test
    void aServerThatLeavesTheHealthySetDisappearsAtOnceAndReturnsAfterRecovery() throws Exception {
        var a = server("10.0.1.1", 1);
        var b = server("10.0.1.2", 1);
        zone.publish(WWW, a, b);
        assertThat(answers(zone.resolver(false).send(query("www.example.com.", Type.A))))
                .containsExactlyInAnyOrder("10.0.1.1", "10.0.1.2");

        zone.publish(WWW, a);
        for (int i = 0; i < 3; i++) {
            assertThat(answers(zone.resolver(false).send(query("www.example.com.", Type.A))))
                    .containsExactly("10.0.1.1");
        }

        zone.publish(WWW, a, b);
        assertThat(answers(zone.resolver(false).send(query("www.example.com.", Type.A))))
                .containsExactlyInAnyOrder("10.0.1.1", "10.0.1.2");
    }

    @Test
    void withNoHealthyServerTheSorryServerIsAnsweredElseAnEmptyNoerror() throws Exception {
        zone.publish(WWW);
        Message empty = zone.resolver(false).send(query("www.example.com.", Type.A));
        assertThat(empty.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answers(empty)).isEmpty();
        assertThat(empty.getSection(Section.AUTHORITY))
                .singleElement()
                .isInstanceOf(SOARecord.class);

        zone.sorry(WWW, server("192.0.2.99", 1));
        assertThat(answers(zone.resolver(false).send(query("www.example.com.", Type.A))))
                .containsExactly("192.0.2.99");
        assertThat(zone.service.statistics().noHealthy()).isEqualTo(2);
    }

    @Test
    void tcpAndUdpGiveTheSameAnswers() throws Exception {
        zone.publish(WWW, server("10.0.1.1", 1));

        Message udp = zone.resolver(false).send(query("api.example.com.", Type.A));
        Message tcp = zone.resolver(true).send(query("api.example.com.", Type.A));

        assertThat(answers(udp)).containsExactly("www.example.com.", "10.0.1.1");
        assertThat(answers(tcp)).isEqualTo(answers(udp));
    }

    @Test
    void oneTcpConnectionCarriesSeveralLengthPrefixedQueries() throws Exception {
        try (Socket socket = new Socket(zone.service.localAddress().getAddress(), zone.port())) {
            var out = new DataOutputStream(socket.getOutputStream());
            var in = new DataInputStream(socket.getInputStream());
            for (int i = 0; i < 3; i++) {
                byte[] q = query("www.example.com.", Type.A).toWire();
                out.writeShort(q.length);
                out.write(q);
                out.flush();
                byte[] r = new byte[in.readUnsignedShort()];
                in.readFully(r);
                assertThat(answers(new Message(r))).hasSize(3);
            }
        }
    }

    @Test
    void anAnswerOver512BytesIsTruncatedOverUdpWithoutEdnsAndWholeWithIt() throws Exception {
        var many = new io.tandem.pool.RealServer[40];
        for (int i = 0; i < many.length; i++) {
            many[i] = server("10.0.3." + (i + 1), 1);
        }
        zone.publish("10.0.0.30:80", many);

        Message plain = udpExchange(query("big.example.com.", Type.A));
        assertThat(plain.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(plain.toWire().length).isLessThanOrEqualTo(512);

        Message withEdns = query("big.example.com.", Type.A);
        withEdns.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        Message whole = udpExchange(withEdns);
        assertThat(whole.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(answers(whole)).hasSize(40);
        assertThat(whole.getOPT()).isNotNull();

        // dnsjava's resolver retries over TCP on TC, as a stub resolver should.
        assertThat(answers(zone.resolver(false).send(query("big.example.com.", Type.A))))
                .hasSize(40);
        assertThat(zone.service.statistics().truncated()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aMissingNameIsNxdomainWithTheSoaInTheAuthoritySection() throws Exception {
        Message response = zone.resolver(false).send(query("nosuch.example.com.", Type.A));

        assertThat(response.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
        List<Record> authority = response.getSection(Section.AUTHORITY);
        assertThat(authority).singleElement().isInstanceOf(SOARecord.class);
        assertThat(authority.getFirst().getName().toString()).isEqualTo("example.com.");
    }

    @Test
    void aNameWithoutThatTypeOrAnEmptyNonTerminalIsNodataWithTheSoa() throws Exception {
        for (String name : List.of("www.example.com.", "sub.example.com.")) {
            Message response = zone.resolver(false).send(query(name, Type.TXT));
            assertThat(response.getRcode()).as(name).isEqualTo(Rcode.NOERROR);
            assertThat(answers(response)).as(name).isEmpty();
            assertThat(response.getSection(Section.AUTHORITY))
                    .singleElement()
                    .isInstanceOf(SOARecord.class);
        }
    }

    @Test
    void staticRecordsAndTheApexAreServed() throws Exception {
        assertThat(answers(zone.resolver(false).send(query("example.com.", Type.TXT))))
                .containsExactly("\"v=spf1 -all\"");
        assertThat(answers(zone.resolver(false).send(query("_http._tcp.example.com.", Type.SRV))))
                .containsExactly("10 5 80 www.example.com.");
        assertThat(answers(zone.resolver(false).send(query("example.com.", Type.NS))))
                .containsExactly("ns.example.com.");
        assertThat(answers(zone.resolver(false).send(query("example.com.", Type.SOA))))
                .singleElement()
                .asString()
                .startsWith("ns.example.com. hostmaster.example.com. 1 ");
    }

    @Test
    void aNameOutsideTheZoneIsRefused() throws Exception {
        Message response = zone.resolver(false).send(query("www.example.org.", Type.A));

        assertThat(response.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(zone.service.statistics().refused()).isEqualTo(1);
    }

    @Test
    void anOpcodeOtherThanQueryIsNotImplemented() throws Exception {
        Message notify = query("example.com.", Type.SOA);
        notify.getHeader().setOpcode(Opcode.NOTIFY);

        Message response = udpExchange(notify);

        assertThat(response.getRcode()).isEqualTo(Rcode.NOTIMP);
        assertThat(response.getHeader().getID()).isEqualTo(notify.getHeader().getID());
        assertThat(zone.service.statistics().notImplemented()).isEqualTo(1);
    }

    @Test
    void aMalformedQueryIsCountedAndDroppedAndTheNextOneAnswered() throws Exception {
        try (DatagramSocket socket = new DatagramSocket()) {
            byte[] garbage = {
                0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 'e',
                'x'
            };
            socket.send(new DatagramPacket(garbage, garbage.length, zone.service.localAddress()));
            socket.send(new DatagramPacket(new byte[3], 3, zone.service.localAddress()));
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> zone.service.statistics().malformed() == 2);

        assertThat(answers(zone.resolver(false).send(query("www.example.com.", Type.A))))
                .hasSize(3);
        assertThat(zone.service.statistics().queries()).isEqualTo(1);
    }

    @Test
    void aaaaQueriesGetTheIpv6ServersOnly() throws Exception {
        zone.publish("[2001:db8::10]:80", server("2001:db8::1", 1), server("2001:db8::2", 1));

        assertThat(answers(zone.resolver(false).send(query("v6.example.com.", Type.AAAA))))
                .containsExactly("2001:db8:0:0:0:0:0:1", "2001:db8:0:0:0:0:0:2");
        Message a = zone.resolver(false).send(query("v6.example.com.", Type.A));
        assertThat(a.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answers(a)).isEmpty();
    }

    @Test
    void duringAUdpFloodTcpQueriesAreStillAnsweredAndGarbageIsCounted() throws Exception {
        byte[] good = query("www.example.com.", Type.A).toWire();
        byte[] garbage = {1, 2, 3, 4, 5};
        Thread flood =
                Thread.ofPlatform()
                        .start(
                                () -> {
                                    try (DatagramSocket socket = new DatagramSocket()) {
                                        // Bounded: 20,000 datagrams, every tenth one garbage.
                                        for (int i = 0; i < 20_000; i++) {
                                            byte[] d = i % 10 == 0 ? garbage : good;
                                            socket.send(
                                                    new DatagramPacket(
                                                            d,
                                                            d.length,
                                                            zone.service.localAddress()));
                                        }
                                    } catch (java.io.IOException e) {
                                        throw new java.io.UncheckedIOException(e);
                                    }
                                });
        try {
            for (int i = 0; i < 20; i++) {
                assertThat(answers(zone.resolver(true).send(query("www.example.com.", Type.A))))
                        .hasSize(3);
            }
        } finally {
            flood.join(Duration.ofSeconds(30));
        }

        await().atMost(Duration.ofSeconds(20))
                .until(() -> zone.service.statistics().malformed() > 0);
        assertThat(zone.service.statistics().queries()).isGreaterThan(20);
    }

    private Message udpExchange(Message query) throws Exception {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(3000);
            byte[] q = query.toWire();
            socket.send(new DatagramPacket(q, q.length, zone.service.localAddress()));
            byte[] buffer = new byte[65535];
            DatagramPacket in = new DatagramPacket(buffer, buffer.length);
            socket.receive(in);
            return new Message(java.util.Arrays.copyOf(buffer, in.getLength()));
        }
    }
}
