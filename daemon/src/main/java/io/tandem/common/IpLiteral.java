package io.tandem.common;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Parses numeric IPv4 and IPv6 literals without ever consulting DNS. {@link InetAddress#getByName}
 * resolves host names, which a config parser must never do silently.
 */
public final class IpLiteral {

    private IpLiteral() {}

    /** The address, or empty when {@code text} is not an IPv4 or IPv6 literal. */
    public static Optional<InetAddress> parse(String text) {
        if (text.isEmpty() || text.length() > 45) {
            return Optional.empty();
        }
        boolean ipv6 = text.indexOf(':') >= 0;
        if (!ipv6 && !isDottedQuad(text)) {
            return Optional.empty();
        }
        if (ipv6
                && !text.chars()
                        .allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean isDottedQuad(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return false;
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
