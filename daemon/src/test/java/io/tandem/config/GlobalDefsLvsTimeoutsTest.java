package io.tandem.config;

import static io.tandem.config.RejectedConfig.errors;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** keepalived's lvs_timeouts in global_defs: the packet forwarders' timeouts at start. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class GlobalDefsLvsTimeoutsTest {

    private static LvsTimeouts timeouts(String body) throws ConfigException {
        return ConfigLoader.parse("global_defs {\n" + body + "}\n", Path.of("k.conf"))
                .globalDefs()
                .lvsTimeouts();
    }

    @Test
    void anyOfTheThreeMayBeGivenInAnyOrderAndTheOthersStayUnset() throws Exception {
        assertThat(timeouts("  lvs_timeouts tcp 7200 tcpfin 120 udp 300\n"))
                .isEqualTo(new LvsTimeouts(7200, 120, 300));
        assertThat(timeouts("  lvs_timeouts udp 60 tcp 3600\n"))
                .isEqualTo(new LvsTimeouts(3600, 0, 60));
        assertThat(timeouts("  lvs_timeouts tcpfin 3\n")).isEqualTo(new LvsTimeouts(0, 3, 0));
        assertThat(timeouts("  router_id lb1\n")).isEqualTo(LvsTimeouts.UNSET);
    }

    @Test
    void badWordsValuesAndRepeatsAreErrorsThatSayWhere() {
        assertThat(errors("global_defs {\n  lvs_timeouts tcp 0\n}\n"))
                .containsExactly(
                        "bad.conf:2:20: lvs_timeouts tcp: expected an integer in 1..2678400, got"
                                + " '0'");
        assertThat(errors("global_defs {\n  lvs_timeouts tcp 10 fin 5\n}\n"))
                .containsExactly(
                        "bad.conf:2:23: lvs_timeouts: expected tcp, tcpfin or udp, got 'fin'");
        assertThat(errors("global_defs {\n  lvs_timeouts udp 5 udp 6\n}\n"))
                .containsExactly("bad.conf:2:22: lvs_timeouts: udp is given twice");
        assertThat(errors("global_defs {\n  lvs_timeouts tcp 10 udp\n}\n"))
                .containsExactly(
                        "bad.conf:2:23: lvs_timeouts: udp needs its seconds (udp SECONDS)");
        assertThat(errors("global_defs {\n  lvs_timeouts tcp 2h\n}\n")).hasSize(1);
        assertThat(errors("global_defs {\n  lvs_timeouts\n}\n")).hasSize(1);
    }
}
