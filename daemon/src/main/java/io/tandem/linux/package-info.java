/**
 * The one package that talks to the Linux kernel, through the Foreign Function &amp; Memory API (no
 * JNI, no child processes): raw IP sockets for VRRP, rtnetlink address and link control, gratuitous
 * ARP over a packet socket, and entering network namespaces. It holds FFM primitives only: classes
 * here never import feature packages ({@code vrrp}, {@code pool}, {@code proxy}, {@code config},
 * ...) and know nothing of VRRP instances or virtual servers. Every native failure surfaces as an
 * {@link java.io.IOException} naming the call and the {@code strerror} text.
 */
@NullMarked
package io.tandem.linux;

import org.jspecify.annotations.NullMarked;
