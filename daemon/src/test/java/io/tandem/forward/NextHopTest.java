package io.tandem.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.forward.NextHop.Refusal;
import io.tandem.linux.Route;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class NextHopTest {

    private static final int ETH0 = 2;
    private static final int ETH1 = 3;
    private static final Inet4Address SERVER = v4("10.96.0.1");
    private static final Inet4Address GATEWAY = v4("10.97.0.254");
    private static final Inet4Address SOURCE = v4("10.97.0.2");

    @Test
    void anOnLinkServerIsItsOwnNextHopInEveryMode() {
        Route onLink = new Route(ETH0, null, SOURCE);
        for (PacketMode mode : PacketMode.values()) {
            assertThat(NextHop.of(SERVER, onLink, ETH0, mode))
                    .isEqualTo(new NextHop.Neighbour(SERVER, SOURCE));
        }
    }

    @Test
    void tunnelAndNatSendToTheGatewayOfARoutedServer() {
        Route routed = new Route(ETH0, GATEWAY, SOURCE);
        assertThat(NextHop.of(SERVER, routed, ETH0, PacketMode.TUNNEL))
                .isEqualTo(new NextHop.Neighbour(GATEWAY, SOURCE));
        assertThat(NextHop.of(SERVER, routed, ETH0, PacketMode.NAT))
                .isEqualTo(new NextHop.Neighbour(GATEWAY, SOURCE));
    }

    @Test
    void directRoutingRefusesARoutedServer() {
        Route routed = new Route(ETH0, GATEWAY, SOURCE);
        assertThat(NextHop.of(SERVER, routed, ETH0, PacketMode.DIRECT_ROUTE))
                .isEqualTo(new NextHop.Refused(Refusal.DIRECT_ROUTING_VIA_GATEWAY, routed));
    }

    @Test
    void aRouteOutOfAnotherInterfaceOrNoRouteIsRefusedInEveryMode() {
        Route elsewhere = new Route(ETH1, GATEWAY, null);
        for (PacketMode mode : PacketMode.values()) {
            assertThat(NextHop.of(SERVER, elsewhere, ETH0, mode))
                    .isEqualTo(new NextHop.Refused(Refusal.OTHER_INTERFACE, elsewhere));
            assertThat(NextHop.of(SERVER, null, ETH0, mode))
                    .isEqualTo(new NextHop.Refused(Refusal.NO_ROUTE, null));
        }
    }

    private static Inet4Address v4(String address) {
        try {
            return (Inet4Address) InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
