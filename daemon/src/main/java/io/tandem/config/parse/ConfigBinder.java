package io.tandem.config.parse;

import io.tandem.config.TandemConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * Binds a statement tree to the configuration records through the keyword tables. Pure: no I/O, no
 * clock. The result is only meaningful when {@link Diagnostics#hasErrors()} stays false.
 */
public final class ConfigBinder {
    private final ValueReader values;

    public ConfigBinder(Diagnostics diagnostics) {
        this.values = new ValueReader(diagnostics);
    }

    public TandemConfig bind(Path source, List<Statement> statements) {
        ConfigDraft draft = new ConfigDraft();
        TopLevelKeywords.TABLE.bind(statements, draft, values);
        return draft.build(source, values);
    }
}
