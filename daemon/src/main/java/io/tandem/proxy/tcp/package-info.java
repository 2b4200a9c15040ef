/**
 * TCP full proxy: the client's connection ends here and a new one is opened to the chosen real
 * server on the same event loop.
 */
@NullMarked
package io.tandem.proxy.tcp;

import org.jspecify.annotations.NullMarked;
