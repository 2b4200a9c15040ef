/**
 * Typed, validated, immutable records of a configuration, each carrying its source position. No I/O
 * beyond reading files in {@code ConfigLoader}.
 */
@NullMarked
package io.tandem.config;

import org.jspecify.annotations.NullMarked;
