package io.tandem.proxy.http;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The field rules of RFC 9113 section 8.2 that one header line must pass. Pure. */
final class Http2HeaderRules {
    // Section 8.2.2: these make no sense in HTTP/2 and are malformed there.
    private static final Set<String> CONNECTION_SPECIFIC =
            Set.of("connection", "proxy-connection", "keep-alive", "transfer-encoding", "upgrade");
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private Http2HeaderRules() {}

    /** Why the field is malformed, or null when it is fine. */
    static @Nullable String field(String name, CharSequence value) {
        String bare = name.startsWith(":") ? name.substring(1) : name;
        if (bare.isEmpty()) {
            return "empty field name";
        }
        for (int i = 0; i < bare.length(); i++) {
            char c = bare.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z')
                            || (c >= '0' && c <= '9')
                            || TOKEN_SYMBOLS.indexOf(c) >= 0;
            if (!ok) {
                return "field name '"
                        + name
                        + "' ("
                        + (c >= 'A' && c <= 'Z' ? "upper case" : "bad character")
                        + ")";
            }
        }
        if (CONNECTION_SPECIFIC.contains(name)) {
            return "connection-specific field " + name;
        }
        if (name.equals("te") && !value.toString().equals("trailers")) {
            return "te other than trailers";
        }
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c == 0 || c == '\r' || c == '\n') {
                return "NUL, CR or LF in the value of " + name;
            }
        }
        if (n > 0 && (isBlank(value.charAt(0)) || isBlank(value.charAt(n - 1)))) {
            return "white space around the value of " + name;
        }
        return null;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
