/** UDP relay: per-client sessions mapped to a real server, expired when idle. */
@NullMarked
package io.tandem.proxy.udp;

import org.jspecify.annotations.NullMarked;
