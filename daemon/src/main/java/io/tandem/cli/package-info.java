/**
 * The admin command line, {@code tandem adm} (ipvsadm's options and formats plus Tandem's verbs)
 * and {@code tandem reload}: a client of the admin socket that knows the daemon only through {@link
 * io.tandem.admin.api}; it must import nothing else of Tandem.
 */
@NullMarked
package io.tandem.cli;

import org.jspecify.annotations.NullMarked;
