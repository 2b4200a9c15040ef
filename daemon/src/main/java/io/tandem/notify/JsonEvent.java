package io.tandem.notify;

import java.time.Instant;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/**
 * The webhook's JSON body. Written by hand: Tandem has no JSON library, and a dozen flat fields
 * with RFC 8259 string escaping do not justify one.
 */
final class JsonEvent {

    private JsonEvent() {}

    static String encode(Notice notice, ZoneId zone) {
        Alert a = notice.alert();
        StringBuilder json = new StringBuilder(512).append('{');
        field(json, "event", a.kind().name());
        field(json, "router_id", a.routerId());
        field(json, "subject", a.subject());
        field(json, "real_server", a.realServer());
        field(json, "status", a.status());
        field(json, "reason", a.reason());
        field(json, "time", a.at().toString());
        field(json, "summary", a.summary());
        raw(json, "always_email", Boolean.toString(a.alwaysEmail()));
        raw(json, "suppressed", Integer.toString(notice.suppressed()));
        Instant since = notice.suppressedSince();
        field(json, "suppressed_since", since == null ? null : since.toString());
        raw(json, "delayed", Boolean.toString(notice.delayed()));
        String note = notice.rateLimitNote(zone);
        field(json, "rate_limit_note", note.isEmpty() ? null : note);
        json.setLength(json.length() - 1);
        return json.append('}').toString();
    }

    private static void field(StringBuilder json, String name, @Nullable String value) {
        if (value == null) {
            raw(json, name, "null");
            return;
        }
        StringBuilder quoted = new StringBuilder(value.length() + 2);
        quote(quoted, value);
        raw(json, name, quoted.toString());
    }

    private static void raw(StringBuilder json, String name, String value) {
        quote(json, name);
        json.append(':').append(value).append(',');
    }

    /** RFC 8259 section 7: quote, backslash and control characters escaped; the rest as is. */
    static void quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // U+2028/2029 are legal JSON but break JavaScript consumers that eval it.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
