/**
 * Real servers (identity, weight, health, live counters) and the immutable pool snapshots the data
 * plane reads. Mutated only on the control thread; counters are written by event loops.
 */
@NullMarked
package io.tandem.pool;

import org.jspecify.annotations.NullMarked;
