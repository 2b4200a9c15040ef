/**
 * The data plane seam: the {@code Forwarder} contract and the choice of Netty transport (native
 * epoll, NIO elsewhere). Never imports health or VRRP code.
 */
@NullMarked
package io.tandem.proxy;

import org.jspecify.annotations.NullMarked;
