package io.tandem.script;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A keepalived command line, split once at config time into a program and its arguments.
 *
 * <p>Quoting follows keepalived (and a subset of sh): the whole line may be one quoted config
 * string; inside it, words are split on blanks (space, tab); {@code '...'} groups literally, {@code
 * "..."} groups with {@code \} escaping, and outside quotes {@code \} escapes the next character.
 * Quoted parts next to unquoted text join one word ({@code a'b c'} is {@code ab c}); {@code ''} is
 * an empty argument. No variables, globbing or redirection: the program is executed directly, never
 * through a shell.
 *
 * @param argv the program followed by its arguments; never empty
 */
public record ScriptCommand(List<String> argv) {

    public ScriptCommand {
        argv = List.copyOf(argv);
        if (argv.isEmpty() || argv.getFirst().isEmpty()) {
            throw new IllegalArgumentException("empty command: a script needs a program to run");
        }
    }

    /**
     * Splits a command line.
     *
     * @throws IllegalArgumentException with a message naming the problem when the line is empty, a
     *     quote is not closed, or it ends in a lone backslash
     */
    public static ScriptCommand parse(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\\') {
                if (i + 1 == line.length()) {
                    throw new IllegalArgumentException("command ends in a lone backslash: " + line);
                }
                word.append(line.charAt(++i));
                inWord = true;
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == ' ' || c == '\t') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException(
                    "unbalanced " + quote + " quote in command: " + line);
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("empty command: a script needs a program to run");
        }
        return new ScriptCommand(words);
    }

    /** The program, {@code argv.get(0)}, as a path (absolute in a sane config). */
    public Path program() {
        return Path.of(argv.getFirst());
    }

    /**
     * This command with more arguments appended, as keepalived appends TYPE NAME STATE PRIORITY.
     */
    public ScriptCommand withArguments(List<String> extra) {
        List<String> all = new ArrayList<>(argv);
        all.addAll(extra);
        return new ScriptCommand(all);
    }

    /** The command as one line for logs, quoting words that need it. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (String arg : argv) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            boolean plain =
                    !arg.isEmpty() && arg.chars().noneMatch(c -> " \t'\"\\".indexOf(c) >= 0);
            text.append(plain ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return text.toString();
    }
}
