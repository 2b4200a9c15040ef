package io.tandem.forward;

import io.tandem.common.HostPort;
import java.net.Inet4Address;
import java.util.List;

/**
 * The virtual addresses and ports one packet forwarder serves, as ints for the packet thread: a
 * lookup by address without allocation.
 */
final class VirtualServices {

    private final int[] addresses;
    private final int[] ports;

    VirtualServices(List<HostPort> listen) {
        addresses = new int[listen.size()];
        ports = new int[listen.size()];
        for (int i = 0; i < listen.size(); i++) {
            if (!(listen.get(i).address() instanceof Inet4Address v4)) {
                throw new IllegalArgumentException(
                        "packet forwarding is IPv4 only: " + listen.get(i));
            }
            addresses[i] = Ipv4.value(v4);
            ports[i] = listen.get(i).port();
        }
    }

    int size() {
        return addresses.length;
    }

    int address(int service) {
        return addresses[service];
    }

    int port(int service) {
        return ports[service];
    }

    /** Whether {@code port} is the port of any of the services. */
    boolean isVirtualPort(int port) {
        for (int p : ports) {
            if (p == port) {
                return true;
            }
        }
        return false;
    }

    /** The index of the service on {@code address}, or -1 when it is not a virtual address. */
    int indexOf(int address) {
        for (int i = 0; i < addresses.length; i++) {
            if (addresses[i] == address) {
                return i;
            }
        }
        return -1;
    }
}
