package io.tandem.config.parse;

import io.tandem.config.LvsTimeouts;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code lvs_timeouts [tcp N] [tcpfin N] [udp N]}: pairs in any order, each at most once, seconds
 * in 1..31 days as keepalived takes them. What is left out keeps IPVS's default.
 */
final class LvsTimeoutsKeyword {
    private static final String NAME = "lvs_timeouts";

    private LvsTimeoutsKeyword() {}

    static void bind(Statement s, GlobalDefsDraft g, ValueReader v) {
        int tcp = 0;
        int tcpFin = 0;
        int udp = 0;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < s.arguments().size(); i += 2) {
            Token which = s.argument(i);
            String word = which.text();
            if (!Set.of("tcp", "tcpfin", "udp").contains(word)) {
                v.expected(NAME, "tcp, tcpfin or udp", which);
                return;
            }
            if (!seen.add(word)) {
                v.error(which, NAME + ": " + word + " is given twice");
                return;
            }
            if (i + 1 >= s.arguments().size()) {
                v.error(which, NAME + ": " + word + " needs its seconds (" + word + " SECONDS)");
                return;
            }
            OptionalInt seconds =
                    v.integer(NAME + " " + word, s.argument(i + 1), 1, LvsTimeouts.MAX_SECONDS);
            if (seconds.isEmpty()) {
                return;
            }
            switch (word) {
                case "tcp" -> tcp = seconds.getAsInt();
                case "tcpfin" -> tcpFin = seconds.getAsInt();
                default -> udp = seconds.getAsInt();
            }
        }
        g.lvsTimeouts = new LvsTimeouts(tcp, tcpFin, udp);
    }
}
