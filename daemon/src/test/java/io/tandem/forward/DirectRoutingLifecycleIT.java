package io.tandem.forward;

import java.io.IOException;

/** {@link PacketLifecycleIT} for lb_kind DR: client, balancer and real servers on one LAN. */
class DirectRoutingLifecycleIT extends PacketLifecycleIT {

    @Override
    String forwarding() {
        return "lb_kind DR";
    }

    @Override
    int serverPort() {
        return 80;
    }

    @Override
    String client() {
        return "client";
    }

    @Override
    void addBalancerAndClient(DrLan lan) throws IOException {
        lan.addHost("client", 1);
        lan.addHost("bal", 2);
    }

    @Override
    void prepareRealServer(DrLan lan, String name) throws IOException {
        lan.holdVipSilently(name, VIP);
    }
}
