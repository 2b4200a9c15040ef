/**
 * Test fixtures shared by the tests: stub real servers on loopback, free ports, and the rule that a
 * test this host cannot run is skipped locally but fails under {@code CI=true}. Only loopback
 * traffic; every fixture closes what it opens.
 */
@NullMarked
package io.tandem.testing;

import org.jspecify.annotations.NullMarked;
