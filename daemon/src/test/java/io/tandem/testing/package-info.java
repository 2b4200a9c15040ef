/** Test fixtures: real servers on loopback and the small tools tests share. */
package io.tandem.testing;
