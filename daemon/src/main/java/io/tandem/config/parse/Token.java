package io.tandem.config.parse;

import io.tandem.config.SourcePosition;

/**
 * One lexical token of keepalived.conf with the place it came from.
 *
 * @param kind what the token is
 * @param text the word, or a quoted string without its quotes and escapes; the brace itself for
 *     OPEN and CLOSE, empty for END_OF_LINE
 * @param position where the token starts (for a string: its opening quote)
 */
public record Token(Kind kind, String text, SourcePosition position) {

    /** The token kinds. keepalived is line-oriented, so the end of a line is a token too. */
    public enum Kind {
        WORD,
        STRING,
        OPEN,
        CLOSE,
        END_OF_LINE
    }

    /** Words and quoted strings both carry text a statement can use. */
    public boolean isText() {
        return kind == Kind.WORD || kind == Kind.STRING;
    }
}
