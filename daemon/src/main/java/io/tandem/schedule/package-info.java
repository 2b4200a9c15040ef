/**
 * IPVS scheduling algorithms, one per file, the {@code Schedulers} registry, persistence and the
 * {@code Balancer}. Pure logic: runs on event loops, never blocks, never does I/O.
 */
@NullMarked
package io.tandem.schedule;

import org.jspecify.annotations.NullMarked;
