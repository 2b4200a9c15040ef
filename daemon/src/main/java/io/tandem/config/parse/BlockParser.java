package io.tandem.config.parse;

import io.tandem.config.SourcePosition;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Turns keepalived.conf text into a tree of {@link Statement}s and resolves {@code include}.
 *
 * <p>keepalived is line-oriented: a statement's arguments are the rest of its line. Its block opens
 * with '{' on the same line or alone on a following line, and may close on the same line ({@code
 * notification_email { a@b.c }}). {@code include PATTERN} is replaced, where it stands, by the
 * statements of the matching files in sorted order; each included file must balance its own braces,
 * so an unclosed '{' is reported in the file that opened it.
 *
 * <p>Errors go to the {@link Diagnostics}; parsing goes on after them so that one pass reports
 * everything. One instance reads one configuration.
 */
public final class BlockParser {
    /** keepalived's own limit on nested includes. */
    static final int MAX_INCLUDE_DEPTH = 8;

    /**
     * Blocks nested deeper than this are an error. keepalived's deepest is four levels; without a
     * limit, a file of '{'s would overflow the parser's stack.
     */
    static final int MAX_BLOCK_DEPTH = 32;

    private final Diagnostics diagnostics;
    private final List<Path> reading = new ArrayList<>();
    private boolean bracesBalanced = true;
    private int depth;

    public BlockParser(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /**
     * False once a brace error was found. The tree is then a guess (an unclosed block swallows what
     * follows it), so binding it would only add misleading errors.
     */
    public boolean bracesBalanced() {
        return bracesBalanced;
    }

    /** The statements of {@code file} and what it includes. */
    public List<Statement> parseFile(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            diagnostics.error(new SourcePosition(file, 1, 1), "no such file");
            return List.of();
        } catch (CharacterCodingException e) {
            diagnostics.error(new SourcePosition(file, 1, 1), "cannot read: not UTF-8 text");
            return List.of();
        } catch (IOException e) {
            diagnostics.error(new SourcePosition(file, 1, 1), "cannot read: " + e);
            return List.of();
        }
        return parseText(text, file);
    }

    /** The statements of {@code text}, named {@code file} in errors and for relative includes. */
    public List<Statement> parseText(String text, Path file) {
        reading.add(identity(file));
        try {
            return parseSource(text, file);
        } finally {
            reading.removeLast();
        }
    }

    private List<Statement> parseSource(String text, Path file) {
        Cursor cursor = new Cursor(new Lexer(file, diagnostics).tokenize(text));
        return statements(cursor, null, file);
    }

    /** Statements up to the '}' matching {@code open}, or to the end when it is null. */
    private List<Statement> statements(Cursor cursor, @Nullable Token open, Path file) {
        if (open == null) {
            return blockBody(cursor, null, file);
        }
        if (depth >= MAX_BLOCK_DEPTH) {
            bracesBalanced = false;
            diagnostics.error(open, "blocks nested more than " + MAX_BLOCK_DEPTH + " levels deep");
            cursor.skipBlock();
            return List.of();
        }
        depth++;
        try {
            return blockBody(cursor, open, file);
        } finally {
            depth--;
        }
    }

    private List<Statement> blockBody(Cursor cursor, @Nullable Token open, Path file) {
        List<Statement> out = new ArrayList<>();
        while (true) {
            Token token = cursor.peek();
            if (token == null) {
                if (open != null) {
                    bracesBalanced = false;
                    diagnostics.error(
                            open,
                            "unclosed '{': no matching '}' before the end of "
                                    + file.getFileName());
                }
                return out;
            }
            switch (token.kind()) {
                case END_OF_LINE -> cursor.next();
                case CLOSE -> {
                    cursor.next();
                    if (open != null) {
                        return out;
                    }
                    bracesBalanced = false;
                    diagnostics.error(token, "unmatched '}': no block is open here");
                }
                case OPEN -> {
                    cursor.next();
                    bracesBalanced = false;
                    diagnostics.error(
                            token,
                            "'{' without a keyword: a block must follow a keyword on the same"
                                    + " or the previous line");
                    statements(cursor, token, file);
                }
                case WORD, STRING -> statement(cursor, file, out);
            }
        }
    }

    private void statement(Cursor cursor, Path file, List<Statement> out) {
        Token keyword = cursor.next();
        List<Token> arguments = new ArrayList<>();
        for (Token t = cursor.peek(); t != null && t.isText(); t = cursor.peek()) {
            arguments.add(cursor.next());
        }
        Block block = null;
        Token open = openingBrace(cursor);
        if (open != null) {
            block = new Block(open.position(), statements(cursor, open, file));
        }
        Statement statement = new Statement(keyword, arguments, block);
        if (keyword.kind() == Token.Kind.WORD && keyword.text().equals("include")) {
            include(statement, file, out);
        } else {
            out.add(statement);
        }
    }

    /** Consumes and returns the '{' on this line or alone on a following one, if any. */
    private static @Nullable Token openingBrace(Cursor cursor) {
        int mark = cursor.index;
        Token t = cursor.peek();
        while (t != null && t.kind() == Token.Kind.END_OF_LINE) {
            cursor.next();
            t = cursor.peek();
        }
        if (t != null && t.kind() == Token.Kind.OPEN) {
            return cursor.next();
        }
        cursor.index = mark;
        return null;
    }

    private void include(Statement include, Path file, List<Statement> out) {
        if (include.arguments().size() != 1 || include.block() != null) {
            diagnostics.error(
                    include.keyword(),
                    "include: expected 'include PATTERN', got "
                            + include.describeArguments()
                            + (include.block() == null ? "" : " and a block"));
            return;
        }
        Token argument = include.argument(0);
        Path directory = file.toAbsolutePath().getParent();
        IncludePattern pattern =
                IncludePattern.of(directory == null ? Path.of("") : directory, argument.text());
        List<Path> files;
        try {
            files = pattern.files();
        } catch (IOException e) {
            diagnostics.error(argument, "include: cannot list " + pattern.pattern() + ": " + e);
            return;
        }
        for (Path included : files) {
            includeFile(argument, included, out);
        }
    }

    private void includeFile(Token argument, Path included, List<Statement> out) {
        if (reading.size() > MAX_INCLUDE_DEPTH) {
            diagnostics.error(
                    argument,
                    "include: nested deeper than "
                            + MAX_INCLUDE_DEPTH
                            + " levels ("
                            + chain(included)
                            + ")");
            return;
        }
        String text;
        Path real;
        try {
            real = included.toRealPath();
            text = Files.readString(real);
        } catch (NoSuchFileException e) {
            diagnostics.error(argument, "include: no such file: " + included);
            return;
        } catch (IOException e) {
            diagnostics.error(argument, "include: cannot read " + included + ": " + e);
            return;
        }
        if (reading.contains(real)) {
            diagnostics.error(argument, "include cycle: " + chain(included));
            return;
        }
        reading.add(real);
        try {
            out.addAll(parseSource(text, included));
        } finally {
            reading.removeLast();
        }
    }

    private String chain(Path next) {
        return reading.stream()
                        .map(p -> String.valueOf(p.getFileName()))
                        .collect(Collectors.joining(" -> "))
                + " -> "
                + next.getFileName();
    }

    /** How a file is recognised in a cycle: its real path when it exists. */
    private static Path identity(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }

    /** A read position in a token list. */
    private static final class Cursor {
        private final List<Token> tokens;
        private int index;

        Cursor(List<Token> tokens) {
            this.tokens = tokens;
        }

        @Nullable Token peek() {
            return index < tokens.size() ? tokens.get(index) : null;
        }

        Token next() {
            return tokens.get(index++);
        }

        /** Moves past the '}' closing the block just opened (or to the end), without recursion. */
        void skipBlock() {
            int open = 1;
            while (open > 0 && index < tokens.size()) {
                switch (tokens.get(index++).kind()) {
                    case OPEN -> open++;
                    case CLOSE -> open--;
                    default -> {}
                }
            }
        }
    }
}
