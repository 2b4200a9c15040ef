package io.tandem.config.parse;

import io.tandem.config.VirtualIpAddress;
import io.tandem.config.VrrpInstanceConfig;
import io.tandem.config.VrrpNotify;
import io.tandem.config.VrrpTrack;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A {@code vrrp_instance} block while its statements are read. */
final class VrrpInstanceDraft {
    private static final Duration MAX_PREEMPT_DELAY = Duration.ofSeconds(1000);

    final Statement header;
    final String name;
    boolean stateMaster;
    @Nullable String interfaceName;
    int virtualRouterId;
    int priority = VrrpInstanceConfig.DEFAULT_PRIORITY;
    Duration advertInterval = Duration.ofSeconds(1);
    @Nullable Token advertIntervalToken;
    @Nullable Integer version;
    @Nullable String authType;
    @Nullable String authPass;
    @Nullable Token authToken;
    final List<VirtualIpAddress> virtualIpAddresses = new ArrayList<>();
    final List<VirtualIpAddress> excludedIpAddresses = new ArrayList<>();
    boolean nopreempt;
    Duration preemptDelay = Duration.ZERO;
    @Nullable Duration garpMasterDelay;
    @Nullable Integer garpMasterRepeat;
    @Nullable Duration garpMasterRefresh;
    @Nullable Integer garpMasterRefreshRepeat;
    @Nullable InetAddress sourceAddress;
    final List<InetAddress> unicastPeers = new ArrayList<>();
    final List<VrrpTrack> trackInterfaces = new ArrayList<>();
    final List<VrrpTrack> trackScripts = new ArrayList<>();
    @Nullable String notifyMaster;
    @Nullable String notifyBackup;
    @Nullable String notifyFault;
    @Nullable String notifyStop;
    @Nullable String notify;
    boolean smtpAlert;

    VrrpInstanceDraft(Statement header) {
        this.header = header;
        this.name = header.argument(0).text();
    }

    /** The record, or empty after reporting what is missing or inconsistent. */
    Optional<VrrpInstanceConfig> build(GlobalDefsDraft global, ValueReader v) {
        boolean ok = true;
        String where = "vrrp_instance " + name + ": ";
        if (interfaceName == null) {
            v.error(header.keyword(), where + "interface is missing");
            ok = false;
        }
        if (virtualRouterId == 0) {
            v.error(header.keyword(), where + "virtual_router_id is missing");
            ok = false;
        }
        int effectiveVersion = version != null ? version : global.vrrpVersion;
        SourcePositionHolder at = new SourcePositionHolder(advertIntervalToken, header);
        if (effectiveVersion == 2) {
            long seconds = advertInterval.toSeconds();
            if (advertInterval.toNanosPart() != 0 || seconds < 1 || seconds > 255) {
                v.error(
                        at.token(),
                        where
                                + "advert_int "
                                + at.text(advertInterval)
                                + " invalid for VRRP version 2 (expected whole seconds 1..255;"
                                + " fractions need version 3)");
                ok = false;
            }
        } else {
            long nanos = advertInterval.toNanos();
            if (nanos % 10_000_000L != 0 || nanos < 10_000_000L || nanos > 40_950_000_000L) {
                v.error(
                        at.token(),
                        where
                                + "advert_int "
                                + at.text(advertInterval)
                                + " invalid for VRRP version 3 (expected 0.01..40.95 s in"
                                + " hundredths)");
                ok = false;
            }
        }
        if (authType != null && authToken != null) {
            if (effectiveVersion == 3) {
                v.error(authToken, where + "authentication is not allowed with VRRP version 3");
                ok = false;
            } else if (authPass == null) {
                v.error(authToken, where + "authentication: auth_pass is missing");
                ok = false;
            }
        }
        if (preemptDelay.compareTo(MAX_PREEMPT_DELAY) > 0) {
            v.error(header.keyword(), where + "preempt_delay out of range (expected 0..1000 s)");
            ok = false;
        }
        for (VirtualIpAddress vip : virtualIpAddresses) {
            if (effectiveVersion == 2 && !(vip.address() instanceof Inet4Address)) {
                v.error(
                        vip.position(),
                        where
                                + "VRRP version 2 carries IPv4 addresses only, got "
                                + vip.address().getHostAddress());
                ok = false;
            }
        }
        if (!ok || interfaceName == null) {
            return Optional.empty();
        }
        return Optional.of(
                new VrrpInstanceConfig(
                        name,
                        stateMaster,
                        interfaceName,
                        virtualRouterId,
                        priority,
                        advertInterval,
                        effectiveVersion,
                        authType != null ? authPass : null,
                        virtualIpAddresses,
                        excludedIpAddresses,
                        nopreempt,
                        preemptDelay,
                        garpMasterDelay != null ? garpMasterDelay : global.garpMasterDelay,
                        garpMasterRepeat != null ? garpMasterRepeat : global.garpMasterRepeat,
                        garpMasterRefresh != null ? garpMasterRefresh : global.garpMasterRefresh,
                        garpMasterRefreshRepeat != null
                                ? garpMasterRefreshRepeat
                                : global.garpMasterRefreshRepeat,
                        sourceAddress,
                        unicastPeers,
                        trackInterfaces,
                        trackScripts,
                        new VrrpNotify(notifyMaster, notifyBackup, notifyFault, notifyStop, notify),
                        smtpAlert,
                        header.position()));
    }

    /** Where an {@code advert_int} error points: its value, or the block when it was not given. */
    private record SourcePositionHolder(@Nullable Token value, Statement header) {
        Token token() {
            return value != null ? value : header.keyword();
        }

        String text(Duration interval) {
            return value != null ? value.text() : interval.toMillis() / 1000.0 + "";
        }
    }
}
