package io.tandem.config.parse;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A {@code route NAME { ... }} block while its statements are read. */
final class RouteDraft {
    final Statement statement;
    final List<String> hosts = new ArrayList<>();
    String pathPrefix = "/";
    @Nullable Token group;

    RouteDraft(Statement statement) {
        this.statement = statement;
    }

    String name() {
        return statement.argument(0).text();
    }
}
