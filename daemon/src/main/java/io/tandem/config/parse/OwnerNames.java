package io.tandem.config.parse;

import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Reads domain names of one {@code dns_service} zone as a master file does (RFC 1035 section 5.1):
 * {@code @} is the apex, a name ending in a dot is absolute, any other is relative to the apex.
 */
final class OwnerNames {
    private final Name zone;
    private final ValueReader values;

    OwnerNames(Name zone, ValueReader values) {
        this.zone = zone;
        this.values = values;
    }

    /** The zone's apex from {@code zone NAME}, made absolute; empty (reported) when malformed. */
    static Optional<Name> zone(Token token, ValueReader values) {
        try {
            Name name = Name.fromString(lower(token.text()), Name.root);
            if (!name.equals(Name.root)) {
                return Optional.of(name);
            }
        } catch (TextParseException e) {
            // reported below
        }
        values.expected("zone", "a domain name such as example.com", token);
        return Optional.empty();
    }

    /** A name that must lie in the zone, the apex included. */
    Optional<Name> inZone(String keyword, Token token) {
        Optional<Name> name = any(keyword, token);
        if (name.isPresent() && !name.get().subdomain(zone)) {
            values.error(
                    token,
                    keyword
                            + ": "
                            + name.get()
                            + " is outside the zone "
                            + zone
                            + " (write it relative to the zone, or @ for the apex)");
            return Optional.empty();
        }
        return name;
    }

    /** Any domain name, relative ones completed with the zone. */
    Optional<Name> any(String keyword, Token token) {
        String text = token.text();
        if (text.equals("@")) {
            return Optional.of(zone);
        }
        try {
            return Optional.of(Name.fromString(lower(text), zone));
        } catch (TextParseException e) {
            values.expected(keyword, "a domain name (" + e.getMessage() + ")", token);
            return Optional.empty();
        }
    }

    Name zone() {
        return zone;
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
