/**
 * Health checking: one probe per checker kind (TCP, HTTP/SSL, ICMP echo, script), the rise/fall
 * counting that turns probe results into up/down, and the per-virtual-server state that decides
 * pool membership and quorum on the control thread. Never imports the data plane ({@code proxy});
 * probes run on virtual threads and never on an event loop.
 */
@NullMarked
package io.tandem.health;

import org.jspecify.annotations.NullMarked;
