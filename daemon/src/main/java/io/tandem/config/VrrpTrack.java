package io.tandem.config;

import org.jspecify.annotations.Nullable;

/**
 * One entry of {@code track_interface { IF [weight N] }} or {@code track_script { NAME [weight N]
 * }}.
 *
 * @param name the interface or {@code vrrp_script} name
 * @param weight the weight given on the line, or null: an interface then means FAULT when down, a
 *     script uses its own {@code weight}
 * @param position where the line starts
 */
public record VrrpTrack(String name, @Nullable Integer weight, SourcePosition position) {}
