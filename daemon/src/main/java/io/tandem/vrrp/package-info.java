/**
 * VRRP (RFC 3768 version 2, RFC 5798 version 3) as keepalived speaks it: the advertisement codec
 * and the per-instance state machine, as pure logic that the I/O side drives with packets and an
 * injected clock. Classes here do no I/O, start no threads and never import {@code io.tandem.pool}
 * or Netty.
 */
@NullMarked
package io.tandem.vrrp;

import org.jspecify.annotations.NullMarked;
