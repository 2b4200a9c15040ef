package io.tandem.proxy.http;

import java.util.List;

/**
 * What the L7 proxy reports: one call per finished request (answered, refused or cut short), on the
 * client's event loop. Implementations must return at once: count, or hand the record to another
 * thread, never block or do I/O.
 */
@FunctionalInterface
public interface HttpEvents {

    HttpEvents NONE = record -> {};

    /** {@code request} is over: its response went out (or the connection ended it). */
    void requestFinished(RequestRecord request);

    /** Every one of {@code consumers}, in order (metrics and the access log, say). */
    static HttpEvents fanOut(List<HttpEvents> consumers) {
        List<HttpEvents> all = List.copyOf(consumers);
        if (all.isEmpty()) {
            return NONE;
        }
        if (all.size() == 1) {
            return all.getFirst();
        }
        return record -> {
            for (HttpEvents e : all) {
                e.requestFinished(record);
            }
        };
    }
}
