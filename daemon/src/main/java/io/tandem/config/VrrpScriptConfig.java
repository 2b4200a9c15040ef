package io.tandem.config;

import java.time.Duration;

/**
 * A {@code vrrp_script NAME { ... }} block: a command whose exit status tracks an instance.
 *
 * @param name the name {@code track_script} refers to
 * @param script {@code script}, the command line as written (split by the script runner)
 * @param interval {@code interval}, 1 s by default
 * @param timeout {@code timeout}; keepalived's default is the interval
 * @param weight {@code weight}, -253..253: added to the priority while the script succeeds
 *     (positive) or subtracted while it fails (negative); 0 means a failure is a FAULT
 * @param rise {@code rise}: successes in a row before it counts as up
 * @param fall {@code fall}: failures in a row before it counts as down
 * @param position where the block starts
 */
public record VrrpScriptConfig(
        String name,
        String script,
        Duration interval,
        Duration timeout,
        int weight,
        int rise,
        int fall,
        SourcePosition position) {}
