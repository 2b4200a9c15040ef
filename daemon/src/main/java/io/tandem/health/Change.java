package io.tandem.health;

/**
 * What one result did to a checker's state (Envoy's health transition words): nothing, moved
 * towards a flip that has not happened yet, or flipped it.
 */
public enum Change {
    UNCHANGED,
    PENDING,
    CHANGED
}
