/** JMH micro-benchmarks of Tandem's hot paths; run with {@code bench/jmh/run}. */
@NullMarked
package io.tandem.bench;

import org.jspecify.annotations.NullMarked;
