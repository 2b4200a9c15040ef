package io.tandem.config.parse;

import io.tandem.config.SourcePosition;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One keepalived statement: a keyword, the arguments on its line, and an optional block.
 *
 * @param keyword the first token of the line
 * @param arguments the other words and strings of the line, before any '{'
 * @param block the {@code { ... }} that follows, or null when there is none
 */
public record Statement(Token keyword, List<Token> arguments, @Nullable Block block) {

    public Statement {
        arguments = List.copyOf(arguments);
    }

    public String name() {
        return keyword.text();
    }

    public SourcePosition position() {
        return keyword.position();
    }

    public Token argument(int index) {
        return arguments.get(index);
    }

    /** How error messages count the arguments: "no arguments", "1 argument", "3 arguments". */
    public String describeArguments() {
        return switch (arguments.size()) {
            case 0 -> "no arguments";
            case 1 -> "1 argument";
            default -> arguments.size() + " arguments";
        };
    }

    /** The statements of the block; empty when there is no block. */
    public List<Statement> children() {
        return block == null ? List.of() : block.statements();
    }
}
