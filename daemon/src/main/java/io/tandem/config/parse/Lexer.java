package io.tandem.config.parse;

import io.tandem.config.SourcePosition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits keepalived.conf text into words, double-quoted strings, braces and ends of line. {@code #}
 * and {@code !} start a comment that runs to the end of the line when they begin a token (so {@code
 * a#b} stays one word, as an address or a script argument may need). Inside quotes, {@code \"} and
 * {@code \\} escape; a string may not span lines.
 */
public final class Lexer {
    private final Path file;
    private final Diagnostics diagnostics;

    public Lexer(Path file, Diagnostics diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
    }

    /** The tokens of {@code text}; the list always ends with an end-of-line token. */
    public List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int line = 1;
        int lineStart = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            SourcePosition at = new SourcePosition(file, line, i - lineStart + 1);
            if (c == '\n') {
                tokens.add(new Token(Token.Kind.END_OF_LINE, "", at));
                line++;
                i++;
                lineStart = i;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#' || c == '!') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '{') {
                tokens.add(new Token(Token.Kind.OPEN, "{", at));
                i++;
            } else if (c == '}') {
                tokens.add(new Token(Token.Kind.CLOSE, "}", at));
                i++;
            } else if (c == '"') {
                i = quoted(text, i, at, tokens);
            } else {
                int start = i;
                while (i < n && !endsWord(text.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Token.Kind.WORD, text.substring(start, i), at));
            }
        }
        if (tokens.isEmpty() || tokens.getLast().kind() != Token.Kind.END_OF_LINE) {
            tokens.add(
                    new Token(
                            Token.Kind.END_OF_LINE,
                            "",
                            new SourcePosition(file, line, n - lineStart + 1)));
        }
        return tokens;
    }

    /** Reads the string opened at {@code open}; returns the index after its closing quote. */
    private int quoted(String text, int open, SourcePosition at, List<Token> tokens) {
        StringBuilder value = new StringBuilder();
        int i = open + 1;
        while (i < text.length() && text.charAt(i) != '\n') {
            char c = text.charAt(i);
            if (c == '"') {
                tokens.add(new Token(Token.Kind.STRING, value.toString(), at));
                return i + 1;
            }
            if (c == '\\' && i + 1 < text.length() && "\"\\".indexOf(text.charAt(i + 1)) >= 0) {
                value.append(text.charAt(i + 1));
                i += 2;
            } else {
                value.append(c);
                i++;
            }
        }
        diagnostics.error(at, "unterminated string: no closing '\"' on this line");
        tokens.add(new Token(Token.Kind.STRING, value.toString(), at));
        return i;
    }

    private static boolean endsWord(char c) {
        return Character.isWhitespace(c) || c == '{' || c == '}' || c == '"';
    }
}
