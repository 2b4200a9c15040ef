package io.tandem.config;

import static io.tandem.config.RejectedConfig.SCHEDULERS;
import static io.tandem.config.RejectedConfig.errors;
import static io.tandem.config.RejectedConfig.realServerErrors;
import static io.tandem.config.RejectedConfig.virtualServerErrors;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bad values and argument counts, each with the exact text an admin reads. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConfigValueErrorsTest {
    @Test
    void addressesMustBeIpLiterals() {
        assertThat(errors("virtual_server 10.0.0.x 80 {\n}\n"))
                .containsExactly(
                        "bad.conf:1:16: virtual_server: expected an IP address (IPv4 or IPv6"
                                + " literal), got '10.0.0.x'");
        assertThat(virtualServerErrors("  real_server backend1 80\n"))
                .containsExactly(
                        "bad.conf:2:15: real_server: expected an IP address (IPv4 or IPv6"
                                + " literal), got 'backend1'");
        assertThat(virtualServerErrors("  sorry_server 300.0.0.1 80\n"))
                .containsExactly(
                        "bad.conf:2:16: sorry_server: expected an IP address (IPv4 or IPv6"
                                + " literal), got '300.0.0.1'");
        assertThat(errors("global_defs {\n  smtp_server mail.example.com\n}\n"))
                .containsExactly(
                        "bad.conf:2:15: smtp_server: expected an IP address (IPv4 or IPv6"
                                + " literal), got 'mail.example.com'");
    }

    @Test
    void portsMustBeOneTo65535() {
        assertThat(errors("virtual_server 10.0.0.1 0 {\n}\n"))
                .containsExactly(
                        "bad.conf:1:25: virtual_server: expected a port 1..65535, got '0'");
        assertThat(
                        virtualServerErrors(
                                "  real_server 10.0.0.2 65536\n  real_server 10.0.0.3 http\n"))
                .containsExactly(
                        "bad.conf:2:24: real_server: expected a port 1..65535, got '65536'",
                        "bad.conf:3:24: real_server: expected a port 1..65535, got 'http'");
    }

    @Test
    void aBadAddressAndABadPortOnOneLineAreBothReported() {
        assertThat(errors("virtual_server localhost -1 {\n}\n"))
                .containsExactly(
                        "bad.conf:1:16: virtual_server: expected an IP address (IPv4 or IPv6"
                                + " literal), got 'localhost'",
                        "bad.conf:1:26: virtual_server: expected a port 1..65535, got '-1'");
    }

    @Test
    void weightMustBeAnIntegerUpTo65535() {
        assertThat(realServerErrors("    weight -1\n"))
                .containsExactly(
                        "bad.conf:3:12: weight: expected an integer in 0..65535, got '-1'");
        assertThat(realServerErrors("    weight 65536\n"))
                .containsExactly(
                        "bad.conf:3:12: weight: expected an integer in 0..65535, got '65536'");
        assertThat(realServerErrors("    weight heavy\n"))
                .containsExactly(
                        "bad.conf:3:12: weight: expected an integer in 0..65535, got 'heavy'");
    }

    @Test
    void anUnknownSchedulerListsTheValidOnes() {
        assertThat(virtualServerErrors("  lb_algo fastest\n"))
                .containsExactly(
                        "bad.conf:2:11: lb_algo: unknown scheduler 'fastest' (expected one of "
                                + SCHEDULERS
                                + ")");
        assertThat(virtualServerErrors("  lvs_sched WLC\n"))
                .containsExactly(
                        "bad.conf:2:13: lvs_sched: unknown scheduler 'WLC' (expected one of "
                                + SCHEDULERS
                                + ")");
    }

    @Test
    void packetForwardingSaysWhatIsMissingOrMisplaced() {
        assertThat(virtualServerErrors("  lb_kind DR\n"))
                .containsExactly(
                        "bad.conf:2:3: lb_kind DR needs 'interface IFNAME' in virtual_server"
                                + " 10.0.0.1:80 (Tandem keyword): the interface the VIP's frames"
                                + " arrive on");
        assertThat(virtualServerErrors("  lb_kind DR\n  interface eth0\n  protocol HTTP\n"))
                .contains(
                        "bad.conf:2:3: lb_kind DR forwards packets (protocol TCP or UDP);"
                                + " protocol HTTP needs the full proxy (lb_kind NAT without"
                                + " packet_mode)");
        assertThat(virtualServerErrors("  interface eth0\n"))
                .containsExactly(
                        "bad.conf:2:3: interface is for packet forwarding (lb_kind DR or"
                                + " TUN, or lb_kind NAT with packet_mode); virtual_server 10.0.0.1:80 is"
                                + " a full proxy");
        assertThat(virtualServerErrors("  packet_mode\n"))
                .containsExactly(
                        "bad.conf:2:3: packet_mode needs 'interface IFNAME' in virtual_server"
                                + " 10.0.0.1:80 (Tandem keyword): the interface the VIP's frames"
                                + " arrive on");
        assertThat(virtualServerErrors("  lb_kind DR\n  interface eth0\n  packet_mode\n"))
                .containsExactly(
                        "bad.conf:4:3: packet_mode is for lb_kind NAT (DR always forwards"
                                + " packets)");
        assertThat(virtualServerErrors("  lb_kind DR\n  interface a/b\n"))
                .contains(
                        "bad.conf:3:13: interface: 'a/b' is not an interface name (1 to 15"
                                + " characters, no '/')");
        assertThat(virtualServerErrors("  lvs_method TUN\n"))
                .containsExactly(
                        "bad.conf:2:3: lvs_method TUN needs 'interface IFNAME' in virtual_server"
                                + " 10.0.0.1:80 (Tandem keyword): the interface the VIP's frames"
                                + " arrive on");
        assertThat(virtualServerErrors("  lb_kind TUN\n  interface eth0\n  protocol HTTP\n"))
                .containsExactly(
                        "bad.conf:2:3: lb_kind TUN forwards packets (protocol TCP or UDP);"
                                + " protocol HTTP needs the full proxy (lb_kind NAT without"
                                + " packet_mode)");
        assertThat(virtualServerErrors("  lb_kind TUN\n  interface eth0\n  packet_mode\n"))
                .containsExactly(
                        "bad.conf:4:3: packet_mode is for lb_kind NAT (TUN always forwards"
                                + " packets)");
        assertThat(virtualServerErrors("  snat_clients 10.0.0.0/24\n"))
                .containsExactly(
                        "bad.conf:2:3: snat_clients is for lb_kind NAT with packet_mode (the full"
                                + " proxy always answers from its own address); virtual_server"
                                + " 10.0.0.1:80 is a full proxy");
        assertThat(
                        virtualServerErrors(
                                "  lb_kind DR\n  interface eth0\n  snat_clients 10.0.0.0/8\n"))
                .containsExactly(
                        "bad.conf:4:3: snat_clients is for lb_kind NAT with packet_mode (DR"
                                + " replies go from the real server to the client directly)");
        String natPackets = "  packet_mode\n  interface eth0\n";
        assertThat(virtualServerErrors(natPackets + "  snat_clients 10.0.0.0 10.1.0.0/33\n"))
                .containsExactly(
                        "bad.conf:4:16: snat_clients: expected an IPv4 subnet such as"
                                + " 10.97.0.0/24, got '10.0.0.0'",
                        "bad.conf:4:25: snat_clients: expected an IPv4 subnet such as"
                                + " 10.97.0.0/24, got '10.1.0.0/33'");
        assertThat(virtualServerErrors(natPackets + "  snat_clients 10.0.0.1/24\n"))
                .containsExactly(
                        "bad.conf:4:16: snat_clients: '10.0.0.1/24' has host bits set (the"
                                + " subnet is 10.0.0.0/24)");
        assertThat(virtualServerErrors(natPackets + "  packet_busy_poll 1001\n"))
                .containsExactly(
                        "bad.conf:4:20: packet_busy_poll: expected an integer in 0..1000, got"
                                + " '1001'");
        assertThat(virtualServerErrors("  packet_busy_poll 10\n  sloppy_tcp\n"))
                .containsExactly(
                        "bad.conf:2:3: packet_busy_poll is for packet forwarding (lb_kind DR or"
                                + " TUN, or lb_kind NAT with packet_mode); virtual_server"
                                + " 10.0.0.1:80 is a full proxy",
                        "bad.conf:3:3: sloppy_tcp is for packet forwarding (lb_kind DR or"
                                + " TUN, or lb_kind NAT with packet_mode); virtual_server"
                                + " 10.0.0.1:80 is a full proxy");
        assertThat(virtualServerErrors("  lb_kind MASQ\n"))
                .containsExactly("bad.conf:2:11: lb_kind: expected NAT, DR or TUN, got 'MASQ'");
    }

    @Test
    void aWrongArgumentCountShowsTheExpectedForm() {
        assertThat(virtualServerErrors("  delay_loop\n  real_server 10.0.0.2\n  alpha 1\n"))
                .containsExactly(
                        "bad.conf:2:3: delay_loop: expected 'delay_loop SECONDS', got no"
                                + " arguments",
                        "bad.conf:3:3: real_server: expected 'real_server IP PORT', got 1"
                                + " argument",
                        "bad.conf:4:3: alpha: expected 'alpha', got 1 argument");
        assertThat(errors("virtual_server 10.0.0.1 {\n}\n"))
                .containsExactly(
                        "bad.conf:1:1: virtual_server: expected 'virtual_server IP PORT' or"
                                + " 'virtual_server group NAME', got 1 argument");
        assertThat(errors("global_defs {\n  smtp_server 10.0.0.9 25 extra\n}\n"))
                .containsExactly(
                        "bad.conf:2:3: smtp_server: expected 'smtp_server IP [PORT]', got 3"
                                + " arguments");
    }

    @Test
    void protocolIsTcpUdpHttpOrHttps() {
        assertThat(virtualServerErrors("  protocol SCTP\n"))
                .containsExactly(
                        "bad.conf:2:12: protocol SCTP is not supported yet (expected TCP, UDP,"
                                + " HTTP or HTTPS)");
        assertThat(virtualServerErrors("  protocol QUIC\n"))
                .containsExactly(
                        "bad.conf:2:12: protocol: expected TCP, UDP, HTTP or HTTPS, got 'QUIC'");
    }

    @Test
    void persistenceGranularityIsANetmaskForIpv4AndAPrefixLengthForIpv6() {
        assertThat(virtualServerErrors("  persistence_granularity 255.0.255.0\n"))
                .containsExactly(
                        "bad.conf:2:27: persistence_granularity: expected an IPv4 netmask such as"
                                + " 255.255.255.0 (contiguous ones), got '255.0.255.0'");
        assertThat(virtualServerErrors("  persistence_granularity 24\n"))
                .containsExactly(
                        "bad.conf:2:27: persistence_granularity: expected an IPv4 netmask such as"
                                + " 255.255.255.0 (contiguous ones), got '24'");
        assertThat(errors("virtual_server 2001:db8::1 80 {\n  persistence_granularity 129\n}\n"))
                .containsExactly(
                        "bad.conf:2:27: persistence_granularity: expected an integer in 1..128,"
                                + " got '129'");
    }

    @Test
    void timesMustBePositiveSeconds() {
        assertThat(virtualServerErrors("  delay_loop 0\n"))
                .containsExactly(
                        "bad.conf:2:14: delay_loop: expected seconds greater than 0 (such as 6 or"
                                + " 0.5), got '0'");
        assertThat(virtualServerErrors("  persistence_timeout 1h\n"))
                .containsExactly(
                        "bad.conf:2:23: persistence_timeout: expected seconds in 1..2147483647,"
                                + " got '1h'");
        assertThat(errors("global_defs {\n  smtp_connect_timeout 0\n}\n"))
                .containsExactly(
                        "bad.conf:2:24: smtp_connect_timeout: expected seconds in 1..2147483647,"
                                + " got '0'");
    }

    @Test
    void quorumIsAtLeastOne() {
        assertThat(virtualServerErrors("  quorum 0\n"))
                .containsExactly(
                        "bad.conf:2:10: quorum: expected an integer in 1..2147483647, got '0'");
    }

    @Test
    void notificationEmailsMustLookLikeAddresses() {
        assertThat(errors("global_defs {\n  notification_email { admin@example.com ops }\n}\n"))
                .containsExactly(
                        "bad.conf:2:42: notification_email: expected an e-mail address such as"
                                + " admin@example.com, got 'ops'");
    }
}
