package io.tandem.config.parse;

/**
 * One keyword of a section's table: either supported, with its shape and what it sets, or known
 * from keepalived but rejected with the reason. Nothing is ever silently ignored.
 *
 * @param <D> the draft the section's statements fill in
 */
public sealed interface Keyword<D> permits Keyword.Supported, Keyword.NotSupportedYet {

    String name();

    /** Whether a statement may, must, or must not have a {@code { ... }} block. */
    enum BlockUse {
        NONE,
        OPTIONAL,
        REQUIRED
    }

    /** What a supported keyword does with a well-shaped statement. */
    @FunctionalInterface
    interface Action<D> {
        void bind(Statement statement, D draft, ValueReader values);
    }

    /**
     * A keyword Tandem reads.
     *
     * @param form the usage shown when the argument count is wrong, e.g. {@code real_server IP
     *     PORT}; alternatives are joined with {@code " or "}
     * @param minArguments fewest arguments on the line
     * @param maxArguments most arguments on the line
     * @param block whether a block goes with it
     * @param repeatable false when a second occurrence in the same block is an error
     */
    record Supported<D>(
            String name,
            String form,
            int minArguments,
            int maxArguments,
            BlockUse block,
            boolean repeatable,
            Action<D> action)
            implements Keyword<D> {}

    /**
     * A keepalived keyword Tandem does not run yet.
     *
     * @param reason why, ending in "not supported yet", e.g. "health checks are not supported yet"
     */
    record NotSupportedYet<D>(String name, String reason) implements Keyword<D> {}

    /** A keyword with exactly one argument and no block, e.g. {@code delay_loop 6}. */
    static <D> Keyword<D> value(String name, String form, Action<D> action) {
        return new Supported<>(name, form, 1, 1, BlockUse.NONE, false, action);
    }

    /** A keyword with no argument and no block, e.g. {@code alpha}. */
    static <D> Keyword<D> flag(String name, Action<D> action) {
        return new Supported<>(name, name, 0, 0, BlockUse.NONE, false, action);
    }
}
