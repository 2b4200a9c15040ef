package io.tandem.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * HTTP status codes a {@code url} accepts: single codes and ranges, as keepalived's {@code
 * status_code 200-299 302}. Without {@code status_code} every 2xx passes.
 */
public record StatusCodes(List<Range> ranges) {

    public static final StatusCodes SUCCESS = new StatusCodes(List.of(new Range(200, 299)));

    /** Inclusive {@code low..high}; a single code has low == high. */
    public record Range(int low, int high) {
        @Override
        public String toString() {
            return low == high ? Integer.toString(low) : low + "-" + high;
        }
    }

    public StatusCodes {
        ranges = List.copyOf(ranges);
    }

    public boolean accepts(int status) {
        for (Range r : ranges) {
            if (status >= r.low() && status <= r.high()) {
                return true;
            }
        }
        return false;
    }

    /** {@code 200-299 302}, as written in the config. */
    @Override
    public String toString() {
        return ranges.stream().map(Range::toString).collect(Collectors.joining(" "));
    }
}
