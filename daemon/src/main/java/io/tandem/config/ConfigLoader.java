package io.tandem.config;

import io.tandem.config.parse.BlockParser;
import io.tandem.config.parse.ConfigBinder;
import io.tandem.config.parse.Diagnostics;
import io.tandem.config.parse.Statement;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a keepalived.conf into a validated {@link TandemConfig}: lex, parse, resolve includes, bind
 * every keyword, validate. Every error of the whole configuration is collected before it fails.
 * Blocks on file reads; call it from the control thread or a startup thread, never an event loop.
 */
public final class ConfigLoader {

    private ConfigLoader() {}

    /** Loads {@code file} and what it includes; relative includes start at its directory. */
    public static TandemConfig load(Path file) throws ConfigException {
        Diagnostics diagnostics = new Diagnostics();
        BlockParser parser = new BlockParser(diagnostics);
        List<Statement> statements = parser.parseFile(file);
        return bind(file, parser, statements, diagnostics);
    }

    /**
     * Loads configuration text that did not come from a file (tests, demo mode). {@code
     * nameForErrors} prefixes error positions, and relative includes start at its directory.
     */
    public static TandemConfig parse(String text, Path nameForErrors) throws ConfigException {
        Diagnostics diagnostics = new Diagnostics();
        BlockParser parser = new BlockParser(diagnostics);
        List<Statement> statements = parser.parseText(text, nameForErrors);
        return bind(nameForErrors, parser, statements, diagnostics);
    }

    private static TandemConfig bind(
            Path source, BlockParser parser, List<Statement> statements, Diagnostics d)
            throws ConfigException {
        if (!parser.bracesBalanced()) {
            throw new ConfigException(d.errors());
        }
        TandemConfig config = new ConfigBinder(d).bind(source, statements);
        if (d.hasErrors()) {
            throw new ConfigException(d.errors());
        }
        return config;
    }
}
