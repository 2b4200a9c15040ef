/**
 * Composition root: the command line entry point, startup order, signals, demo mode. Nothing
 * imports this package.
 */
@NullMarked
package io.tandem.app;

import org.jspecify.annotations.NullMarked;
