package io.tandem.health;

import io.tandem.pool.PoolSnapshot;

/**
 * Where a virtual server's new pool goes (the app hands it to its Balancer). Called on the control
 * thread; must not block. An empty pool while a sorry server exists sends new connections there.
 */
@FunctionalInterface
public interface PoolPublisher {
    void publish(PoolSnapshot pool);
}
