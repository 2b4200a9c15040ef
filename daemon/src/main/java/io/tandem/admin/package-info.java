/**
 * The daemon's control endpoint: a Unix domain socket and an optional HTTP listener that decode
 * {@link io.tandem.admin.api} requests and hand them to an {@link io.tandem.admin.AdminBackend}.
 * Knows no feature package; the composition root supplies the backend.
 */
@NullMarked
package io.tandem.admin;

import org.jspecify.annotations.NullMarked;
