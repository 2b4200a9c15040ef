package io.tandem.config.parse;

import io.tandem.common.HostPort;
import io.tandem.common.IpLiteral;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code virtual_server_group} section. Its lines are mostly not keywords but addresses: {@code
 * IP PORT}, or a range {@code IP-LAST PORT} where LAST replaces the address's last part ({@code
 * 10.0.0.1-5 80} is five addresses; for IPv6 the last group, in hex).
 */
final class VirtualServerGroupKeywords {
    static final String SECTION = "virtual_server_group";

    static final KeywordTable<List<HostPort>> TABLE =
            new KeywordTable<>(
                    SECTION,
                    KeywordTable.notSupportedYet(
                            "firewall-mark groups are not supported yet (they need packet-level"
                                    + " forwarding)",
                            "fwmark"),
                    VirtualServerGroupKeywords::member);

    private static final String FORM = "'IP PORT' or 'IP-LAST PORT' (such as 10.0.0.1-5 80)";

    private VirtualServerGroupKeywords() {}

    private static void member(Statement s, List<HostPort> members, ValueReader v) {
        if (s.arguments().size() != 1 || s.block() != null) {
            String line =
                    Stream.concat(Stream.of(s.keyword()), s.arguments().stream())
                            .map(Token::text)
                            .collect(Collectors.joining(" "));
            v.error(s.keyword(), SECTION + ": expected " + FORM + ", got '" + line + "'");
            return;
        }
        Optional<List<InetAddress>> addresses = addresses(s.keyword(), v);
        OptionalInt port = v.port(SECTION, s.argument(0));
        if (addresses.isEmpty() || port.isEmpty()) {
            return;
        }
        for (InetAddress address : addresses.get()) {
            HostPort member = new HostPort(address, port.getAsInt());
            if (members.contains(member)) {
                v.error(s.keyword(), SECTION + ": duplicate address " + member);
            } else {
                members.add(member);
            }
        }
    }

    private static Optional<List<InetAddress>> addresses(Token token, ValueReader v) {
        String text = token.text();
        int dash = text.lastIndexOf('-');
        if (dash < 0) {
            return v.address(SECTION, token).map(List::of);
        }
        Optional<InetAddress> first = IpLiteral.parse(text.substring(0, dash));
        if (first.isPresent()) {
            byte[] bytes = first.get().getAddress();
            boolean ipv6 = bytes.length == 16;
            int start =
                    ipv6
                            ? ((bytes[14] & 0xff) << 8) | (bytes[15] & 0xff)
                            : bytes[bytes.length - 1] & 0xff;
            int end = parseEnd(text.substring(dash + 1), ipv6);
            if (end >= start && end <= (ipv6 ? 0xffff : 0xff)) {
                return Optional.of(expand(bytes, start, end));
            }
        }
        v.expected(
                SECTION,
                "an address range IP-LAST, LAST from the address's last part up to 255 (ffff"
                        + " in hex for IPv6)",
                token);
        return Optional.empty();
    }

    private static int parseEnd(String text, boolean ipv6) {
        String digits = ipv6 ? "[0-9a-fA-F]{1,4}" : "[0-9]{1,3}";
        return text.matches(digits) ? Integer.parseInt(text, ipv6 ? 16 : 10) : -1;
    }

    private static List<InetAddress> expand(byte[] first, int start, int end) {
        return java.util.stream.IntStream.rangeClosed(start, end)
                .mapToObj(
                        last -> {
                            byte[] bytes = first.clone();
                            bytes[bytes.length - 1] = (byte) last;
                            if (bytes.length == 16) {
                                bytes[14] = (byte) (last >> 8);
                            }
                            try {
                                return InetAddress.getByAddress(bytes);
                            } catch (UnknownHostException e) {
                                // Only thrown for a wrong array length, which cannot happen here.
                                throw new IllegalStateException(e);
                            }
                        })
                .toList();
    }
}
