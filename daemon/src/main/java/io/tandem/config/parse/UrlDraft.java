package io.tandem.config.parse;

import io.tandem.config.StatusCodes;
import io.tandem.config.UrlCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** One {@code url { ... }} block while its statements are read. */
final class UrlDraft {
    final Statement statement;
    @Nullable String path;
    final List<StatusCodes.Range> statusCodes = new ArrayList<>();
    @Nullable String digest;

    UrlDraft(Statement statement) {
        this.statement = statement;
    }

    Optional<UrlCheck> build(ValueReader values) {
        String p = path;
        if (p == null) {
            values.error(statement.keyword(), "url: path is missing");
            return Optional.empty();
        }
        StatusCodes codes =
                statusCodes.isEmpty() ? StatusCodes.SUCCESS : new StatusCodes(statusCodes);
        return Optional.of(new UrlCheck(p, codes, digest, statement.position()));
    }
}
