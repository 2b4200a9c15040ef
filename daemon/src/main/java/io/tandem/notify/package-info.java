/**
 * Alerts: e-mail through {@code smtp_server} (Angus Mail) and a JSON webhook, rate-limited per
 * virtual server, raised without ever blocking or failing the caller. Knows config, common and
 * script; never imports pool, proxy, health or vrrp (those raise {@link io.tandem.notify.Alert}s).
 */
@NullMarked
package io.tandem.notify;

import org.jspecify.annotations.NullMarked;
