/**
 * VRRP failover at work: one runner thread per {@code vrrp_instance} drives the pure {@code
 * io.tandem.vrrp} state machine with raw sockets, rtnetlink and gratuitous ARP from {@code
 * io.tandem.linux}, tracks interfaces and scripts, and runs notify scripts. Nothing here is
 * imported by the protocol or kernel packages.
 */
@NullMarked
package io.tandem.failover;

import org.jspecify.annotations.NullMarked;
