/**
 * The health-aware DNS round-robin responder: answers names of one zone with the real servers now
 * in rotation, on its own threads. Reads pool snapshots through {@link io.tandem.dns.TargetSource};
 * must never import the data plane, the health checkers or VRRP.
 */
@NullMarked
package io.tandem.dns;

import org.jspecify.annotations.NullMarked;
