package io.tandem.schedule;

import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * What a scheduler may look at to place a new connection or UDP session.
 *
 * @param client the client's address and port
 * @param destination the virtual address the client reached (the VIP and port it connected to)
 * @param hashKey an L7 stickiness key (a header or cookie value), or null at L4
 */
public record Flow(
        InetSocketAddress client, InetSocketAddress destination, @Nullable String hashKey) {

    public static Flow of(InetSocketAddress client, InetSocketAddress destination) {
        return new Flow(client, destination, null);
    }
}
