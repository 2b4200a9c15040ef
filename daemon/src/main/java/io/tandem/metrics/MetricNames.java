package io.tandem.metrics;

/**
 * Every metric Tandem exports, in one place (Envoy's habit): Prometheus names with the {@code
 * tandem_} prefix, base units (seconds, bytes) and {@code _total} on counters. The client library
 * writes a counter's {@code _total} itself, so counter constants here end without it and {@link
 * #exposed} gives the name a scrape shows.
 */
public final class MetricNames {
    private MetricNames() {}

    // Labels.
    public static final String VIRTUAL_SERVER = "virtual_server";
    public static final String PROTOCOL = "protocol";
    public static final String REAL_SERVER = "real_server";
    public static final String CHECK = "check";
    public static final String RESULT = "result";
    public static final String INSTANCE = "instance";
    public static final String STATE = "state";
    public static final String CODE = "code";

    // Per virtual server, read from the listing at scrape time.
    public static final String VS_CONNECTIONS_ACTIVE = "tandem_virtual_server_connections_active";
    public static final String VS_CONNECTIONS_INACTIVE =
            "tandem_virtual_server_connections_inactive";
    public static final String VS_CONNECTIONS = "tandem_virtual_server_connections";
    public static final String VS_RECEIVED_BYTES = "tandem_virtual_server_received_bytes";
    public static final String VS_SENT_BYTES = "tandem_virtual_server_sent_bytes";
    public static final String VS_REAL_SERVERS_UP = "tandem_virtual_server_real_servers_up";

    // Per real server, read from the listing at scrape time.
    public static final String RS_CONNECTIONS_ACTIVE = "tandem_real_server_connections_active";
    public static final String RS_CONNECTIONS_INACTIVE = "tandem_real_server_connections_inactive";
    public static final String RS_CONNECTIONS = "tandem_real_server_connections";
    public static final String RS_RECEIVED_BYTES = "tandem_real_server_received_bytes";
    public static final String RS_SENT_BYTES = "tandem_real_server_sent_bytes";
    public static final String RS_WEIGHT = "tandem_real_server_weight";
    public static final String RS_UP = "tandem_real_server_up";

    // Packet forwarders (lb_kind DR, NAT packet_mode), read from their counters at scrape time.
    public static final String PACKET_FRAMES = "tandem_packet_frames";
    public static final String PACKET_ACTIVE = "tandem_packet_forwarder_active";

    // Health checking, from HealthEvents and the probe timings.
    public static final String HEALTH_TRANSITIONS = "tandem_health_transitions";
    public static final String HEALTH_CHECK_DURATION = "tandem_health_check_duration_seconds";

    // VRRP, from the instance listing and FailoverEvents.
    public static final String VRRP_STATE = "tandem_vrrp_state";
    public static final String VRRP_PRIORITY = "tandem_vrrp_effective_priority";
    public static final String VRRP_TRANSITIONS = "tandem_vrrp_transitions";

    // Reloads.
    public static final String RELOADS = "tandem_reloads";
    public static final String LAST_RELOAD_SUCCESS = "tandem_last_reload_success";
    public static final String LAST_RELOAD_TIME = "tandem_last_reload_timestamp_seconds";

    // The L7 proxy, through HttpEvents.
    public static final String HTTP_REQUESTS = "tandem_http_requests";
    public static final String HTTP_REQUEST_DURATION = "tandem_http_request_duration_seconds";

    /** The name a scrape shows for a counter declared here ({@code tandem_reloads_total}). */
    public static String exposed(String counter) {
        return counter + "_total";
    }
}
