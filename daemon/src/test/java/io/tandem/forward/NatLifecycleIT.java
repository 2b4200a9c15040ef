package io.tandem.forward;

import java.io.IOException;

/**
 * {@link PacketLifecycleIT} for lb_kind NAT with packet_mode: the client behind a router, real
 * servers on port 8080 whose default route is the balancer, so replies pass it.
 */
class NatLifecycleIT extends PacketLifecycleIT {

    @Override
    String forwarding() {
        return "lb_kind NAT\npacket_mode";
    }

    @Override
    int serverPort() {
        return 8080;
    }

    @Override
    String client() {
        return "client";
    }

    @Override
    void addBalancerAndClient(DrLan lan) throws IOException {
        lan.addHost("bal", 2);
        lan.addHost("router", 254);
        lan.addRoutedHost("client", "router");
    }

    @Override
    void prepareRealServer(DrLan lan, String name) throws IOException {
        DrLan.ip("-n", lan.namespace(name), "route", "add", "default", "via", "10.97.0.2");
    }
}
