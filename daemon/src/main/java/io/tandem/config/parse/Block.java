package io.tandem.config.parse;

import io.tandem.config.SourcePosition;
import java.util.List;

/**
 * The {@code { ... }} part of a statement.
 *
 * @param opened where its '{' stands
 * @param statements its statements in file order, with {@code include}s already replaced by the
 *     statements of the included files
 */
public record Block(SourcePosition opened, List<Statement> statements) {

    public Block {
        statements = List.copyOf(statements);
    }
}
