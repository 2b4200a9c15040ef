package io.tandem.config;

import java.net.InetAddress;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What every checker shares: where it connects, how long it waits, and how results count. Resolved
 * at load time: a checker's own keyword wins over its real_server's, which wins over its
 * virtual_server's, which wins over keepalived's default.
 *
 * @param connectIp {@code connect_ip}, or null for the real server's address
 * @param connectPort {@code connect_port}, or 0 for the real server's port
 * @param bindTo {@code bind_to}: the source address of probes, or null for the kernel's choice
 * @param connectTimeout {@code connect_timeout}: the whole probe's time limit, 5 s by default
 * @param retry {@code retry} (also {@code nb_get_retry}): after a failure of an up server, this
 *     many more attempts {@code delayBeforeRetry} apart before it goes down (keepalived: 1)
 * @param delayBeforeRetry {@code delay_before_retry}, 1 s by default
 * @param delayLoop {@code delay_loop}: the interval between checks (the virtual server's unless the
 *     checker sets its own)
 * @param warmup {@code warmup}: the first check waits a random time up to this (0: spread evenly)
 * @param alpha {@code alpha}: the checker starts failed, so the server starts down
 * @param rise {@code rise}, Tandem's addition: consecutive successes before a down server is up
 *     again (keepalived behaves as rise 1)
 */
public record CheckSettings(
        @Nullable InetAddress connectIp,
        int connectPort,
        @Nullable InetAddress bindTo,
        Duration connectTimeout,
        int retry,
        Duration delayBeforeRetry,
        Duration delayLoop,
        Duration warmup,
        boolean alpha,
        int rise) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_RETRY = 1;
    public static final Duration DEFAULT_DELAY_BEFORE_RETRY = Duration.ofSeconds(1);

    /** Consecutive failures that take an up server down: the first one plus the retries. */
    public int fall() {
        return retry + 1;
    }
}
