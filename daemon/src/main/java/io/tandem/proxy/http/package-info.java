/**
 * HTTP/1.1 full proxy (L7): parses client requests strictly, routes them by host and path to a
 * group of real servers, and relays them over pooled keep-alive connections on the client's event
 * loop. Never blocks and never imports health or VRRP code.
 */
@NullMarked
package io.tandem.proxy.http;

import org.jspecify.annotations.NullMarked;
