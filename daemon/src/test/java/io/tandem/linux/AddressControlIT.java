package io.tandem.linux;

import static io.tandem.linux.TwoHosts.A_INTERFACE;
import static io.tandem.linux.TwoHosts.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Tag("netns")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AddressControlIT {

    private static final String LABEL = "veth0:vip";

    private TwoHosts hosts;
    private AddressControl control;
    private InetAddress vip;

    @BeforeEach
    void createHosts() throws Exception {
        TwoHosts.requireNetns();
        hosts = TwoHosts.create();
        control = hosts.hostA.call(AddressControl::open);
        vip = InetAddress.getByName("10.99.0.10");
    }

    @AfterEach
    void deleteHosts() throws Exception {
        if (control != null) {
            control.close();
        }
        if (hosts != null) {
            hosts.close();
        }
    }

    private String addressesInA() throws Exception {
        return ip("-n", hosts.a, "addr", "show", "dev", A_INTERFACE);
    }

    @Test
    void addedAddressWithLabelShowsInIpAddrInsideTheNamespace() throws Exception {
        hosts.hostA.call(
                () -> {
                    control.add(A_INTERFACE, vip, 24, LABEL);
                    return null;
                });

        assertThat(addressesInA()).contains("inet 10.99.0.10/24").contains(LABEL);
        assertThat(control.addresses(A_INTERFACE))
                .contains(new AssignedAddress(vip, 24, LABEL))
                .contains(new AssignedAddress(InetAddress.getByName("10.99.1.1"), 24, A_INTERFACE));
    }

    @Test
    void addingTheSameAddressTwiceIsNotAnError() throws Exception {
        control.add(A_INTERFACE, vip, 24, LABEL);
        control.add(A_INTERFACE, vip, 24, LABEL);

        assertThat(control.addresses(A_INTERFACE))
                .containsOnlyOnce(new AssignedAddress(vip, 24, LABEL));
    }

    @Test
    void deleteRemovesTheAddressAndDeletingItAgainIsNotAnError() throws Exception {
        control.add(A_INTERFACE, vip, 24, LABEL);

        control.delete(A_INTERFACE, vip, 24);
        control.delete(A_INTERFACE, vip, 24);

        assertThat(addressesInA()).doesNotContain("10.99.0.10");
        assertThat(control.addresses(A_INTERFACE))
                .extracting(AssignedAddress::address)
                .doesNotContain(vip);
    }

    @Test
    void ipv6AddressIsAddedWithoutDadAndDeleted() throws Exception {
        InetAddress v6 = InetAddress.getByName("fd00:99::10");

        control.add(A_INTERFACE, v6, 64, null);
        control.add(A_INTERFACE, v6, 64, null);

        String shown = ip("-n", hosts.a, "-6", "-o", "addr", "show", "dev", A_INTERFACE);
        assertThat(shown.lines().filter(line -> line.contains("inet6 fd00:99::10/64")))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("nodad")
                .doesNotContain("tentative");
        assertThat(control.addresses(A_INTERFACE)).contains(new AssignedAddress(v6, 64, null));

        control.delete(A_INTERFACE, v6, 64);
        assertThat(ip("-n", hosts.a, "-6", "addr", "show", "dev", A_INTERFACE))
                .doesNotContain("fd00:99::10");
    }

    @Test
    void linkStateFollowsIpLinkSetDownAndUp() throws Exception {
        assertThat(control.link(A_INTERFACE).up()).isTrue();

        ip("-n", hosts.a, "link", "set", A_INTERFACE, "down");
        LinkState down = control.link(A_INTERFACE);
        assertThat(down.up()).isFalse();
        assertThat(down.running()).isFalse();

        ip("-n", hosts.a, "link", "set", A_INTERFACE, "up");
        assertThat(control.link(A_INTERFACE).up()).isTrue();
    }

    @Test
    void macAddressIsTheOneIpLinkShows() throws Exception {
        String link = ip("-n", hosts.a, "-o", "link", "show", "dev", A_INTERFACE);
        String mac = link.replaceAll("(?s).*link/ether ([0-9a-f:]{17}).*", "$1");

        LinkState state = control.link(A_INTERFACE);

        assertThat(state.macAddress()).isEqualTo(MacAddress.parse(mac));
        assertThat(state.name()).isEqualTo(A_INTERFACE);
        assertThat(state.index()).isPositive();
    }

    @Test
    void unknownInterfaceFailsWithTheKernelsErrnoText() {
        assertThatThrownBy(() -> control.add("nope0", vip, 24, null))
                .isInstanceOf(ErrnoException.class)
                .hasMessageContaining("RTM_GETLINK nope0")
                .hasMessageContaining("No such device")
                .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(19));
    }
}
