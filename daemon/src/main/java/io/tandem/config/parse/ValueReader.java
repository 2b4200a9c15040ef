package io.tandem.config.parse;

import io.tandem.common.HostPort;
import io.tandem.common.IpLiteral;
import io.tandem.config.SourcePosition;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Reads typed values from argument tokens. A bad value is reported as {@code KEYWORD: expected
 * FORM, got 'TEXT'} at the token and comes back empty, so binding goes on and finds more errors.
 */
public final class ValueReader {
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,9})?");

    private final Diagnostics diagnostics;

    public ValueReader(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    void error(Token at, String message) {
        diagnostics.error(at, message);
    }

    void error(SourcePosition at, String message) {
        diagnostics.error(at, message);
    }

    /** An IPv4 or IPv6 literal; host names are refused because a config must not need DNS. */
    Optional<InetAddress> address(String keyword, Token token) {
        Optional<InetAddress> address = IpLiteral.parse(token.text());
        if (address.isEmpty()) {
            expected(keyword, "an IP address (IPv4 or IPv6 literal)", token);
        }
        return address;
    }

    /** A port 1..65535: 0 is "any port" to the socket API, never a service. */
    OptionalInt port(String keyword, Token token) {
        return integer(keyword, "a port 1..65535", token, 1, 65535);
    }

    /** {@code IP PORT}; both tokens are checked so that both errors are reported. */
    Optional<HostPort> hostPort(String keyword, Token ip, Token port) {
        Optional<InetAddress> address = address(keyword, ip);
        OptionalInt number = port(keyword, port);
        if (address.isEmpty() || number.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new HostPort(address.get(), number.getAsInt()));
    }

    OptionalInt integer(String keyword, Token token, int min, int max) {
        return integer(keyword, "an integer in " + min + ".." + max, token, min, max);
    }

    /** Whole seconds in {@code min..max}. */
    Optional<Duration> seconds(String keyword, Token token, int min, int max) {
        OptionalInt n = integer(keyword, "seconds in " + min + ".." + max, token, min, max);
        return n.isPresent() ? Optional.of(Duration.ofSeconds(n.getAsInt())) : Optional.empty();
    }

    /** Positive seconds that may have a fraction, as keepalived's {@code delay_loop 0.5}. */
    Optional<Duration> fractionalSeconds(String keyword, Token token) {
        if (DECIMAL.matcher(token.text()).matches()) {
            BigDecimal seconds = new BigDecimal(token.text());
            if (seconds.signum() > 0) {
                // At most 9 + 9 digits, so the nanoseconds fit a long.
                return Optional.of(Duration.ofNanos(seconds.movePointRight(9).longValueExact()));
            }
        }
        expected(keyword, "seconds greater than 0 (such as 6 or 0.5)", token);
        return Optional.empty();
    }

    private OptionalInt integer(String keyword, String form, Token token, int min, int max) {
        if (INTEGER.matcher(token.text()).matches()) {
            long value = Long.parseLong(token.text());
            if (value >= min && value <= max) {
                return OptionalInt.of((int) value);
            }
        }
        expected(keyword, form, token);
        return OptionalInt.empty();
    }

    void expected(String keyword, String form, Token token) {
        diagnostics.error(token, keyword + ": expected " + form + ", got '" + token.text() + "'");
    }
}
