package io.tandem.config.parse;

import io.tandem.common.HostPort;
import io.tandem.common.IpLiteral;
import java.util.Optional;

/** {@code admin_http ADDRESS:PORT}: an IP literal (IPv6 in brackets) and a port 1..65535. */
final class AdminHttpAddress {
    private static final String FORM =
            "ADDRESS:PORT with an IP literal, such as 127.0.0.1:9180 or [::1]:9180";

    private AdminHttpAddress() {}

    static Optional<HostPort> parse(String keyword, Token token, ValueReader values) {
        String text = token.text();
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            values.expected(keyword, FORM, token);
            return Optional.empty();
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            values.expected(keyword, FORM, token); // an IPv6 address needs its brackets
            return Optional.empty();
        }
        var address = IpLiteral.parse(host);
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (address.isEmpty() || port < 1 || port > 65535) {
            values.expected(keyword, FORM, token);
            return Optional.empty();
        }
        return Optional.of(new HostPort(address.get(), port));
    }
}
