package io.tandem.config.parse;

import io.tandem.common.IpLiteral;
import io.tandem.config.VirtualIpAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The lines of {@code virtual_ipaddress} and {@code virtual_ipaddress_excluded}: {@code
 * ADDR[/PREFIX] [dev IF] [label L]}, one address per line.
 */
final class VirtualIpAddressLines {
    private static final List<String> NOT_YET =
            List.of("brd", "broadcast", "scope", "no_track", "preferred_lft", "track_group");

    private VirtualIpAddressLines() {}

    static List<VirtualIpAddress> read(Statement block, ValueReader v) {
        List<VirtualIpAddress> out = new ArrayList<>();
        for (Statement line : block.children()) {
            if (line.block() != null) {
                v.error(line.keyword(), block.name() + ": takes no nested { ... } block");
                continue;
            }
            line(block.name(), line, v).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<VirtualIpAddress> line(String section, Statement line, ValueReader v) {
        Token first = line.keyword();
        String text = first.text();
        int slash = text.indexOf('/');
        Optional<InetAddress> address =
                IpLiteral.parse(slash < 0 ? text : text.substring(0, slash));
        if (address.isEmpty()) {
            v.expected(section, "ADDRESS[/PREFIX] [dev IF] [label LABEL]", first);
            return Optional.empty();
        }
        if (!(address.get() instanceof Inet4Address)) {
            // Added and removed, an IPv6 address would still not be announced: Tandem sends no
            // unsolicited Neighbour Advertisements yet, so neighbours would keep the old owner.
            v.error(
                    first,
                    section
                            + ": IPv6 virtual addresses are not supported yet (no unsolicited"
                            + " neighbour advertisements yet)");
            return Optional.empty();
        }
        int max = 32;
        int prefix = max;
        if (slash >= 0) {
            String p = text.substring(slash + 1);
            if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > max) {
                v.error(
                        first,
                        section + ": prefix /" + p + " out of range (expected 0.." + max + ")");
                return Optional.empty();
            }
            prefix = Integer.parseInt(p);
        }
        @Nullable String device = null;
        @Nullable String label = null;
        List<Token> args = line.arguments();
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i).text();
            boolean hasValue = i + 1 < args.size();
            if (word.equals("dev") && hasValue) {
                device = args.get(++i).text();
            } else if (word.equals("label") && hasValue) {
                label = args.get(++i).text();
            } else if (NOT_YET.contains(word)) {
                v.error(args.get(i), section + ": '" + word + "' is not supported yet");
                return Optional.empty();
            } else {
                v.expected(section, "'dev IF' or 'label LABEL'", args.get(i));
                return Optional.empty();
            }
        }
        return Optional.of(
                new VirtualIpAddress(address.get(), prefix, device, label, line.position()));
    }
}
