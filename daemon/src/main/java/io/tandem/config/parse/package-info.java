/**
 * The keepalived.conf language: lexer, block parser with {@code include}, and one keyword table per
 * section. Produces errors with file:line:col, never exceptions to the user.
 */
@NullMarked
package io.tandem.config.parse;

import org.jspecify.annotations.NullMarked;
