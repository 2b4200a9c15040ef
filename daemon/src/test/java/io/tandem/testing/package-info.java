/**
 * Test fixtures shared by integration tests: stub real servers on loopback and a plain round-robin
 * scheduler. Only loopback traffic; every fixture closes what it opens.
 */
@NullMarked
package io.tandem.testing;

import org.jspecify.annotations.NullMarked;
