package io.tandem.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The thirteen IPVS scheduling algorithms by the names {@code lb_algo} and ipvsadm's {@code -s}
 * use. The algorithms themselves live in {@code io.tandem.schedule}.
 */
public enum SchedulerKind {
    RR("round robin"),
    WRR("weighted round robin"),
    LC("least connection"),
    WLC("weighted least connection"),
    SED("shortest expected delay"),
    NQ("never queue"),
    SH("source hashing"),
    DH("destination hashing"),
    MH("maglev hashing"),
    LBLC("locality-based least connection"),
    LBLCR("locality-based least connection with replication"),
    FO("weighted failover"),
    OVF("weighted overflow");

    private final String description;

    SchedulerKind(String description) {
        this.description = description;
    }

    /** The IPVS short name, e.g. {@code wlc}. */
    public String ipvsName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String description() {
        return description;
    }

    public static Optional<SchedulerKind> byIpvsName(String name) {
        return Arrays.stream(values()).filter(k -> k.ipvsName().equals(name)).findFirst();
    }
}
