package io.tandem.cli;

/**
 * How {@code -L} prints, from ipvsadm's listing options. When several column sets are asked for,
 * the first of stats, rate, thresholds, persistent-conn wins, as in ipvsadm.
 *
 * @param numeric {@code -n}; Tandem prints addresses and ports numerically either way
 * @param exact {@code --exact}: counters unscaled instead of K/M/G/T
 * @param connections {@code -c}: the connection table instead of the services
 */
record IpvsadmFormat(
        boolean numeric,
        boolean exact,
        boolean stats,
        boolean rate,
        boolean thresholds,
        boolean persistentConn,
        boolean sort,
        boolean connections) {

    static final IpvsadmFormat PLAIN =
            new IpvsadmFormat(false, false, false, false, false, false, false, false);
}
