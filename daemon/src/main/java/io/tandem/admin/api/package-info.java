/**
 * The admin protocol: the commands the CLI and the dashboard send and the replies the daemon gives,
 * as JSON ({@link io.tandem.admin.api.AdminJson}). Plain values only: the CLI loads this package
 * and nothing else of the daemon.
 */
@NullMarked
package io.tandem.admin.api;

import org.jspecify.annotations.NullMarked;
