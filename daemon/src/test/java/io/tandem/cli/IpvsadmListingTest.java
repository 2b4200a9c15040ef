package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.admin.api.ConnectionEntry;
import io.tandem.admin.api.Counters;
import io.tandem.admin.api.Forwarding;
import io.tandem.admin.api.Rates;
import io.tandem.admin.api.RealServerStatus;
import io.tandem.admin.api.ServiceKey;
import io.tandem.admin.api.ServiceProtocol;
import io.tandem.admin.api.ServiceStatus;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Expected text follows ipvsadm 1.31's layouts (print_title, print_service_entry, print_largenum,
 * list_conn): "%-33s" service names, " -> %-28s %-7s %-6d %-10u %-10u" real servers, 9-column
 * numbers.
 */
@Timeout(10)
class IpvsadmListingTest {

    private static final IpvsadmFormat N = IpvsadmFormat.PLAIN;

    private static RealServerStatus real(String address, int weight, Counters stats, Rates rates) {
        return new RealServerStatus(
                address,
                80,
                Forwarding.MASQ,
                weight,
                weight,
                3,
                12,
                100,
                10,
                2,
                stats,
                rates,
                "up",
                "HTTP 200");
    }

    private static ServiceStatus service(Integer persistence, String mask, RealServerStatus... r) {
        return new ServiceStatus(
                new ServiceKey(ServiceProtocol.TCP, "10.0.0.1", 80),
                "10.0.0.1 80",
                "wlc",
                persistence,
                mask,
                new Counters(123_456_789L, 42, 7, 1_234_567_890L, 123_456_789_012_345L),
                new Rates(5, 10, 9, 150_000_000L, 2_000),
                List.of(r),
                null);
    }

    private static final RealServerStatus R1 =
            real("10.0.0.2", 1, new Counters(1, 2, 3, 4, 5), new Rates(1, 2, 3, 4, 5));

    @Test
    void numericListingHasIpvsadmsHeaderAndColumns() {
        String text = IpvsadmListing.list(List.of(service(null, null, R1)), N, true, "1.0");
        assertThat(text)
                .isEqualTo(
                        "IP Virtual Server version 1.2.1 (size=4096) (Tandem 1.0)\n"
                                + "Prot LocalAddress:Port Scheduler Flags\n"
                                + "  -> RemoteAddress:Port           Forward Weight ActiveConn"
                                + " InActConn\n"
                                + "TCP  10.0.0.1:80 wlc\n"
                                + "  -> 10.0.0.2:80                  Masq    1      3          12"
                                + "        \n");
    }

    @Test
    void persistentServiceShowsTimeoutAndMask() {
        String text = IpvsadmListing.list(List.of(service(300, "255.255.255.0")), N, false, "1.0");
        assertThat(text).endsWith("TCP  10.0.0.1:80 wlc persistent 300 mask 255.255.255.0\n");
        assertThat(IpvsadmListing.list(List.of(service(300, "255.255.255.255")), N, false, "x"))
                .endsWith("TCP  10.0.0.1:80 wlc persistent 300\n");
    }

    @Test
    void largeNumbersScaleLikePrintLargenum() {
        assertThat(IpvsadmListing.largeNumber(0, false)).isEqualTo("        0");
        assertThat(IpvsadmListing.largeNumber(99_999_999L, false)).isEqualTo(" 99999999");
        assertThat(IpvsadmListing.largeNumber(123_456_789L, false)).isEqualTo("  123456K");
        assertThat(IpvsadmListing.largeNumber(1_234_567_890L, false)).isEqualTo("    1234M");
        assertThat(IpvsadmListing.largeNumber(123_456_789_012L, false)).isEqualTo("     123G");
        assertThat(IpvsadmListing.largeNumber(123_456_789_012_345L, false)).isEqualTo("     123T");
        assertThat(IpvsadmListing.largeNumber(123_456_789L, true)).isEqualTo(" 123456789");
        assertThat(IpvsadmListing.largeNumber(42, true)).isEqualTo("       42");
    }

    @Test
    void statsColumnsAreScaledUnlessExact() {
        var stats = new IpvsadmFormat(true, false, true, false, false, false, false, false);
        String text = IpvsadmListing.list(List.of(service(null, null, R1)), stats, false, "x");
        assertThat(text)
                .isEqualTo(
                        "Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes"
                                + " OutBytes\n"
                                + "  -> RemoteAddress:Port\n"
                                + String.format("%-33s", "TCP  10.0.0.1:80")
                                + "  123456K       42        7    1234M     123T\n"
                                + "  -> 10.0.0.2:80                         1        2        3"
                                + "        4        5\n");
        var exact = new IpvsadmFormat(true, true, true, false, false, false, false, false);
        assertThat(IpvsadmListing.list(List.of(service(null, null)), exact, false, "x"))
                .endsWith(
                        String.format("%-33s", "TCP  10.0.0.1:80")
                                + " 123456789       42        7 1234567890 123456789012345\n");
    }

    @Test
    void rateColumnsPrintRealServerRatesUnscaledAndBytesScaled() {
        var rate = new IpvsadmFormat(true, false, false, true, false, false, false, false);
        var busy = real("10.0.0.2", 1, Counters.ZERO, new Rates(5, 10, 9, 150_000_000L, 2_000));
        String text = IpvsadmListing.list(List.of(service(null, null, busy)), rate, false, "x");
        assertThat(text)
                .isEqualTo(
                        "Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS"
                                + "   OutBPS\n"
                                + "  -> RemoteAddress:Port\n"
                                + String.format("%-33s", "TCP  10.0.0.1:80")
                                + "        5       10        9  150000K     2000\n"
                                + "  -> 10.0.0.2:80                         5       10        9"
                                + "  150000K     2000\n");
    }

    @Test
    void thresholdsAndPersistentConnColumns() {
        var thresholds = new IpvsadmFormat(true, false, false, false, true, false, false, false);
        assertThat(IpvsadmListing.list(List.of(service(null, null, R1)), thresholds, false, "x"))
                .isEqualTo(
                        "Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn"
                                + " InActConn \n"
                                + "  -> RemoteAddress:Port\n"
                                + "TCP  10.0.0.1:80 wlc\n"
                                + "  -> 10.0.0.2:80                  100        10         3 "
                                + "         12        \n");
        var persistent = new IpvsadmFormat(true, false, false, false, false, true, false, false);
        assertThat(IpvsadmListing.list(List.of(service(null, null, R1)), persistent, false, "x"))
                .isEqualTo(
                        "Prot LocalAddress:Port            Weight    PersistConn ActiveConn"
                                + " InActConn \n"
                                + "  -> RemoteAddress:Port\n"
                                + "TCP  10.0.0.1:80 wlc\n"
                                + "  -> 10.0.0.2:80                  1         2           3 "
                                + "         12        \n");
    }

    @Test
    void connectionTableFollowsListConn() {
        var entry =
                new ConnectionEntry(
                        ServiceProtocol.TCP,
                        61_000,
                        "ESTABLISHED",
                        "192.168.1.5:40000",
                        "10.0.0.1:80",
                        "10.0.0.2:80");
        assertThat(IpvsadmListing.connections(List.of(entry), N))
                .isEqualTo(
                        "IPVS connection entries\n"
                                + "pro expire state       source             virtual           "
                                + " destination\n"
                                + "TCP 01:01  ESTABLISHED 192.168.1.5:40000  10.0.0.1:80       "
                                + " 10.0.0.2:80\n");
    }

    @Test
    void saveWritesRulesRestoreReads() {
        assertThat(IpvsadmListing.save(List.of(service(300, "255.255.255.0", R1))))
                .isEqualTo(
                        """
                        -A -t 10.0.0.1:80 -s wlc -p 300 -M 255.255.255.0
                        -a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 1 -x 100 -y 10
                        """);
    }

    @Test
    void sortOrdersServersByAddressThenPort() {
        var b = real("10.0.0.10", 1, Counters.ZERO, Rates.ZERO);
        var a = real("10.0.0.9", 1, Counters.ZERO, Rates.ZERO);
        var sorted = new IpvsadmFormat(true, false, false, false, false, false, true, false);
        String text = IpvsadmListing.list(List.of(service(null, null, b, a)), sorted, false, "x");
        assertThat(text.indexOf("10.0.0.9:80")).isLessThan(text.indexOf("10.0.0.10:80"));
    }

    @Test
    void defaultSocketIsTheDaemonsDefault() {
        assertThat(SocketPath.DEFAULT).isEqualTo(io.tandem.config.GlobalDefs.DEFAULT_ADMIN_SOCKET);
    }
}
