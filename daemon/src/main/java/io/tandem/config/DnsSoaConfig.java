package io.tandem.config;

/**
 * The zone's start of authority (RFC 1035 section 3.3.13), from {@code soa} or defaults.
 *
 * @param primary MNAME, absolute ({@code ns1.example.com.})
 * @param mailbox RNAME, the admin's mailbox as a name ({@code hostmaster.example.com.})
 * @param serial the zone's serial; Tandem's zone changes with health, so it is informational
 * @param refreshSeconds REFRESH
 * @param retrySeconds RETRY
 * @param expireSeconds EXPIRE
 * @param minimumSeconds MINIMUM: how long resolvers cache a negative answer (RFC 2308 section 4)
 */
public record DnsSoaConfig(
        String primary,
        String mailbox,
        long serial,
        long refreshSeconds,
        long retrySeconds,
        long expireSeconds,
        long minimumSeconds) {

    /** The SOA a zone gets when {@code soa} is absent: ns and hostmaster under the apex. */
    public static DnsSoaConfig defaults(String zone) {
        return new DnsSoaConfig("ns." + zone, "hostmaster." + zone, 1, 3600, 600, 86400, 5);
    }
}
