package io.tandem.linux;

import static io.tandem.linux.TwoHosts.A_INTERFACE;
import static io.tandem.linux.TwoHosts.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Route look-ups in host A of {@link TwoHosts}, against routes the test adds with {@code ip}. */
@Tag("netns")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RouteTableIT {

    private TwoHosts hosts;
    private RouteTable routes;
    private int veth0;

    @BeforeEach
    void createHosts() throws Exception {
        TwoHosts.requireNetns();
        hosts = TwoHosts.create();
        routes = hosts.hostA.call(RouteTable::open);
        try (AddressControl control = hosts.hostA.call(AddressControl::open)) {
            veth0 = control.link(A_INTERFACE).index();
        }
    }

    @AfterEach
    void deleteHosts() throws Exception {
        if (routes != null) {
            routes.close();
        }
        if (hosts != null) {
            hosts.close();
        }
    }

    @Test
    void anOnLinkAddressHasNoGatewayAndTheInterfacesOwnAddressAsSource() throws Exception {
        assertThat(routes.lookup(v4(TwoHosts.B_ADDRESS)))
                .isEqualTo(new Route(veth0, null, v4(TwoHosts.A_ADDRESS)));
    }

    @Test
    void anAddressBehindAGatewayNamesTheGatewayAndTheInterface() throws Exception {
        ip("-n", hosts.a, "route", "add", "10.98.0.0/24", "via", TwoHosts.B_ADDRESS);

        Route route = routes.lookup(v4("10.98.0.7"));

        assertThat(route).isEqualTo(new Route(veth0, v4(TwoHosts.B_ADDRESS), v4("10.99.1.1")));
        assertThat(route.describe(routes.interfaceName(route.interfaceIndex())))
                .isEqualTo("via 10.99.1.2 dev veth0 src 10.99.1.1");
    }

    @Test
    void aRoutesOwnSourceAddressIsThePreferredSource() throws Exception {
        ip("-n", hosts.a, "addr", "add", "10.99.1.5/24", "dev", A_INTERFACE);
        ip(
                "-n",
                hosts.a,
                "route",
                "add",
                "10.98.1.0/24",
                "via",
                TwoHosts.B_ADDRESS,
                "src",
                "10.99.1.5");

        assertThat(routes.lookup(v4("10.98.1.1")))
                .isEqualTo(new Route(veth0, v4(TwoHosts.B_ADDRESS), v4("10.99.1.5")));
    }

    @Test
    void noMatchingRouteAndAnUnreachableRouteBothMeanNoRoute() throws Exception {
        ip("-n", hosts.a, "route", "add", "unreachable", "10.98.2.0/24");

        assertThat(routes.lookup(v4("192.0.2.1"))).isNull();
        assertThat(routes.lookup(v4("10.98.2.1"))).isNull();
    }

    @Test
    void aLocalAddressIsReachedThroughLoopback() throws Exception {
        Route route = routes.lookup(v4(TwoHosts.A_ADDRESS));

        assertThat(route).isNotNull();
        assertThat(routes.interfaceName(route.interfaceIndex())).isEqualTo("lo");
        assertThat(route.gateway()).isNull();
    }

    @Test
    void aRouteChangeShowsInTheNextLookup() throws Exception {
        ip("-n", hosts.a, "route", "add", "10.98.3.0/24", "via", TwoHosts.B_ADDRESS);
        assertThat(routes.lookup(v4("10.98.3.1"))).isNotNull();

        ip("-n", hosts.a, "route", "del", "10.98.3.0/24");

        assertThat(routes.lookup(v4("10.98.3.1"))).isNull();
    }

    private static Inet4Address v4(String address) throws Exception {
        return (Inet4Address) InetAddress.getByName(address);
    }
}
