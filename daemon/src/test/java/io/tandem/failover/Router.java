package io.tandem.failover;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * One side of a VRRP test: a {@code vrrp_instance} in keepalived.conf syntax that keepalived and
 * Tandem both read. v2 uses PASS authentication, v3 none.
 *
 * @param extra more lines inside the instance block (nopreempt, track_script, ...)
 * @param top more blocks before the instance (vrrp_script, ...)
 */
record Router(int version, int priority, String advertInt, String extra, String top) {
    static final int VRID = 51;
    static final String VIP_TEXT = Lan.SUBNET + "100";
    static final InetAddress VIP = vip();

    static Router v2(int priority) {
        return new Router(2, priority, "1", "", "");
    }

    static Router v3(int priority) {
        return new Router(3, priority, "1", "", "");
    }

    Router with(String line) {
        return new Router(version, priority, advertInt, extra + "  " + line + "\n", top);
    }

    Router withTop(String block) {
        return new Router(version, priority, advertInt, extra, top + block + "\n");
    }

    Router advertInt(String seconds) {
        return new Router(version, priority, seconds, extra, top);
    }

    Duration interval() {
        return Duration.ofMillis((long) (Double.parseDouble(advertInt) * 1000));
    }

    /** Master_Down_Interval of this router as a backup (RFC 3768 §6.1 / RFC 5798 §6.1). */
    Duration masterDownInterval() {
        long intervalNanos = interval().toNanos();
        long skewBase = version == 2 ? 1_000_000_000L : intervalNanos;
        return Duration.ofNanos(3 * intervalNanos + (256L - priority) * skewBase / 256);
    }

    String config() {
        String auth =
                version == 2
                        ? "  authentication {\n    auth_type PASS\n    auth_pass tandem1\n  }\n"
                        : "";
        return top
                + "vrrp_instance VI_1 {\n"
                + "  state BACKUP\n"
                + "  interface "
                + Lan.INTERFACE
                + "\n  virtual_router_id "
                + VRID
                + "\n  version "
                + version
                + "\n  priority "
                + priority
                + "\n  advert_int "
                + advertInt
                + "\n"
                + auth
                + "  virtual_ipaddress {\n    "
                + VIP_TEXT
                + "/24\n  }\n"
                + extra
                + "}\n";
    }

    private static InetAddress vip() {
        try {
            return InetAddress.getByName(VIP_TEXT);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
