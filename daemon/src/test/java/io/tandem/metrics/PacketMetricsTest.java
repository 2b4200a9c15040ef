package io.tandem.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The packet forwarders' series as a scrape writes them. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PacketMetricsTest {

    private static String scrape(Listing listing) throws Exception {
        TandemMetrics metrics = new TandemMetrics(() -> listing);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.scrape(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyResultIsASeriesOfTheFramesCounterAndStandbyShowsInTheGauge() throws Exception {
        PacketTally web =
                new PacketTally("web", "tcp", false, 120, 0, 3, 2, 1, 0, 0, 4, 7, 5, 0, 0);
        String text = scrape(new Listing(List.of(), List.of(), List.of(web)));
        assertThat(text)
                .contains(
                        "tandem_packet_frames_total{protocol=\"tcp\",result=\"forwarded\","
                                + "virtual_server=\"web\"} 120.0")
                .contains(
                        "tandem_packet_frames_total{protocol=\"tcp\",result=\"arp_replied\","
                                + "virtual_server=\"web\"} 3.0")
                .contains(
                        "tandem_packet_frames_total{protocol=\"tcp\",result=\"malformed\","
                                + "virtual_server=\"web\"} 4.0")
                .contains(
                        "tandem_packet_frames_total{protocol=\"tcp\",result=\"standby\","
                                + "virtual_server=\"web\"} 7.0")
                .contains(
                        "tandem_packet_frames_total{protocol=\"tcp\",result=\"too_big\","
                                + "virtual_server=\"web\"} 5.0")
                .contains(
                        "tandem_packet_forwarder_active{protocol=\"tcp\",virtual_server=\"web\"} 0");
        assertThat(text.lines().filter(l -> l.startsWith("tandem_packet_frames_total{")))
                .hasSize(12);
    }

    @Test
    void withoutPacketForwardersThereAreNoPacketSeries() throws Exception {
        assertThat(scrape(Listing.EMPTY)).doesNotContain("tandem_packet_frames_total{");
    }
}
