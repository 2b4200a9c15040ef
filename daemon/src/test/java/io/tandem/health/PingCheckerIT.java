package io.tandem.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.common.HostPort;
import io.tandem.common.IpLiteral;
import io.tandem.linux.IcmpEchoSocket;
import io.tandem.testing.HostSupport;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** PING_CHECK's ICMP and ICMPv6 echo, to addresses inside a test network namespace. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PingCheckerIT {
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private PingNetwork network;

    @BeforeEach
    void createNetwork() throws Exception {
        PingNetwork.require();
        network = PingNetwork.create();
    }

    @AfterEach
    void deleteNetwork() {
        if (network != null) {
            network.close();
        }
    }

    private PingChecker checker(String address) {
        HostPort target = new HostPort(IpLiteral.parse(address).orElseThrow(), 80);
        return new PingChecker(
                NetworkCheckersIT.settings(),
                target,
                ipv6 -> {
                    try {
                        return network.proberNamespace.call(() -> IcmpEchoSocket.open(ipv6));
                    } catch (java.io.IOException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new java.io.IOException(e);
                    }
                });
    }

    @Test
    void aTargetThatStopsAnsweringGoesDownAndComesBackOverIpv4AndIpv6() throws Exception {
        for (String address : new String[] {PingNetwork.TARGET_V4, PingNetwork.TARGET_V6}) {
            network.targetAnswers(true);
            PingChecker checker = checker(address);
            ProbeResult up = checker.probe(TIMEOUT);
            assertThat(up.up()).as(up.detail()).isTrue();
            assertThat(up.detail()).startsWith("PING_CHECK ").contains(" answered in ");
            network.targetAnswers(false);
            ProbeResult down = checker.probe(TIMEOUT);
            assertThat(down.up()).isFalse();
            assertThat(down.detail()).endsWith(": no echo reply within 500 ms");
            network.targetAnswers(true);
            assertThat(checker.probe(TIMEOUT).up()).isTrue();
        }
    }

    @Test
    void anUnprivilegedPingSocketIsUsedWhereTheKernelAllowsIt() throws Exception {
        assertThat(network.proberNamespace.call(() -> kindOf(false)))
                .as("fresh namespace: ping_group_range is 1 0, so a raw socket")
                .isEqualTo(IcmpEchoSocket.Kind.RAW);
        PingNetwork.sysctl(network.prober, "net.ipv4.ping_group_range=0 2147483647");
        assertThat(network.proberNamespace.call(() -> kindOf(false)))
                .isEqualTo(IcmpEchoSocket.Kind.DATAGRAM);
        assertThat(network.proberNamespace.call(() -> kindOf(true)))
                .isEqualTo(IcmpEchoSocket.Kind.DATAGRAM);
        for (String address : new String[] {PingNetwork.TARGET_V4, PingNetwork.TARGET_V6}) {
            ProbeResult r = checker(address).probe(TIMEOUT);
            assertThat(r.up()).as("datagram socket to %s: %s", address, r.detail()).isTrue();
        }
    }

    @Test
    void loopbackAnswersInTheDaemonsOwnNamespace() throws Exception {
        HostSupport.require(
                "root".equals(System.getProperty("user.name")), "a raw ICMP socket needs root");
        for (String address : new String[] {"127.0.0.1", "::1"}) {
            HostPort target = new HostPort(IpLiteral.parse(address).orElseThrow(), 80);
            ProbeResult r =
                    new PingChecker(NetworkCheckersIT.settings(), target, IcmpEchoSocket::open)
                            .probe(TIMEOUT);
            assertThat(r.up()).as(r.detail()).isTrue();
        }
    }

    private static IcmpEchoSocket.Kind kindOf(boolean ipv6) throws Exception {
        try (IcmpEchoSocket s = IcmpEchoSocket.open(ipv6)) {
            return s.kind();
        }
    }
}
