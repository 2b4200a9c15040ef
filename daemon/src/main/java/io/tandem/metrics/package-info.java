/**
 * Prometheus metrics: the {@code …Events} listeners of the feature packages implemented on the
 * Prometheus client library, live gauges read from the admin listings at scrape time, and the text
 * exposition behind {@code /metrics}. Every metric name is declared in {@link
 * io.tandem.metrics.MetricNames}. Must not change anything it observes.
 */
@NullMarked
package io.tandem.metrics;

import org.jspecify.annotations.NullMarked;
