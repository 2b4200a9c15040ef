/**
 * HTTP full proxy (L7): ends TLS when asked, speaks HTTP/1.1 or HTTP/2 with clients, parses their
 * requests strictly, routes them by host and path to a group of real servers, and relays them as
 * HTTP/1.1 over pooled keep-alive connections on the client's event loop. Never blocks and never
 * imports health or VRRP code.
 */
@NullMarked
package io.tandem.proxy.http;

import org.jspecify.annotations.NullMarked;
