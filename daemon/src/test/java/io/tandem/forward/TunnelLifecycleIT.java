package io.tandem.forward;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * {@link PacketLifecycleIT} for lb_kind TUN: as DR, with each real server's tunnel end in user
 * space ({@link IpipEndpoint}, since the CI kernel has no ipip module).
 */
class TunnelLifecycleIT extends PacketLifecycleIT {
    private final List<IpipEndpoint> tunnels = new ArrayList<>();

    @Override
    String forwarding() {
        return "lb_kind TUN";
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
        IpipEndpoint.require();
        lan.addHost("client", 1);
        lan.addHost("bal", 2);
    }

    @Override
    void prepareRealServer(DrLan lan, String name) throws IOException {
        lan.holdVipSilently(name, VIP);
        tunnels.add(IpipEndpoint.start(lan.namespace(name)));
    }

    @AfterEach
    void stopTunnelEnds() {
        tunnels.forEach(IpipEndpoint::close);
    }
}
