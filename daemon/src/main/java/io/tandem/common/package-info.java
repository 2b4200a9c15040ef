/**
 * Tiny value types shared by three or more packages. No behaviour beyond parsing and formatting.
 */
@NullMarked
package io.tandem.common;

import org.jspecify.annotations.NullMarked;
