package io.tandem.config.parse;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The keywords one section accepts, and the checks every statement of that section goes through
 * before its keyword acts: known at all, supported, not repeated, right argument count, block
 * present or absent as required.
 *
 * @param <D> the draft the section fills in
 */
public final class KeywordTable<D> {
    private static final int SUGGESTION_DISTANCE = 2;

    private final String section;
    private final Map<String, Keyword<D>> byName = new LinkedHashMap<>();
    private final Keyword.@Nullable Action<D> otherwise;

    /**
     * @param section the section's name as errors print it ({@code virtual_server}, {@code top
     *     level})
     * @param otherwise what a line whose first word is no keyword means (a group's address lines),
     *     or null when such a line is an unknown keyword
     */
    KeywordTable(String section, List<Keyword<D>> keywords, Keyword.@Nullable Action<D> otherwise) {
        this.section = section;
        this.otherwise = otherwise;
        for (Keyword<D> k : keywords) {
            if (byName.put(k.name(), k) != null) {
                throw new IllegalArgumentException("keyword listed twice: " + k.name());
            }
        }
    }

    KeywordTable(String section, List<Keyword<D>> keywords) {
        this(section, keywords, null);
    }

    /** Keywords that share one reason, listed once. */
    static <D> List<Keyword<D>> notSupportedYet(String reason, String... names) {
        return Arrays.stream(names)
                .<Keyword<D>>map(n -> new Keyword.NotSupportedYet<>(n, reason))
                .toList();
    }

    public String section() {
        return section;
    }

    /** Every keyword, supported or not, in table order: what docs/config.md must list. */
    public List<Keyword<D>> keywords() {
        return List.copyOf(byName.values());
    }

    /** Checks and applies each statement to {@code draft}; errors go to {@code values}. */
    void bind(Collection<Statement> statements, D draft, ValueReader values) {
        Map<String, Statement> seen = new HashMap<>();
        for (Statement statement : statements) {
            bind(statement, draft, values, seen);
        }
    }

    private void bind(
            Statement statement, D draft, ValueReader values, Map<String, Statement> seen) {
        String name = statement.name();
        Keyword<D> keyword = byName.get(name);
        if (keyword == null) {
            if (otherwise != null) {
                otherwise.bind(statement, draft, values);
            } else {
                values.error(
                        statement.keyword(),
                        "unknown keyword '" + name + "' " + where() + suggestion(name));
            }
            return;
        }
        switch (keyword) {
            case Keyword.NotSupportedYet<D> n ->
                    values.error(
                            statement.keyword(), "'" + name + "' " + where() + ": " + n.reason());
            case Keyword.Supported<D> s -> {
                if (wellShaped(statement, s, values, seen)) {
                    s.action().bind(statement, draft, values);
                }
            }
        }
    }

    private boolean wellShaped(
            Statement statement,
            Keyword.Supported<D> keyword,
            ValueReader values,
            Map<String, Statement> seen) {
        String name = statement.name();
        if (!keyword.repeatable()) {
            Statement first = seen.putIfAbsent(name, statement);
            if (first != null) {
                values.error(
                        statement.keyword(),
                        "duplicate "
                                + name
                                + " "
                                + where()
                                + " (first at "
                                + first.position()
                                + ")");
                return false;
            }
        }
        int count = statement.arguments().size();
        if (count < keyword.minArguments() || count > keyword.maxArguments()) {
            values.error(
                    statement.keyword(),
                    name
                            + ": expected "
                            + quoted(keyword.form())
                            + ", got "
                            + statement.describeArguments());
            return false;
        }
        Block block = statement.block();
        if (keyword.block() == Keyword.BlockUse.NONE && block != null) {
            values.error(block.opened(), name + ": takes no { ... } block");
            return false;
        }
        if (keyword.block() == Keyword.BlockUse.REQUIRED && block == null) {
            values.error(statement.keyword(), name + ": the { ... } block is missing");
            return false;
        }
        return true;
    }

    /** {@code a or b} as {@code 'a' or 'b'}. */
    private static String quoted(String form) {
        return "'" + String.join("' or '", form.split(" or ")) + "'";
    }

    private String where() {
        return section.equals(TopLevelKeywords.SECTION) ? "at top level" : "in " + section;
    }

    /** " (did you mean 'x'?)" for the closest known keyword within two edits, else "". */
    private String suggestion(String name) {
        String best = null;
        int bestDistance = SUGGESTION_DISTANCE + 1;
        for (String known : byName.keySet()) {
            int d = editDistance(name.toLowerCase(Locale.ROOT), known.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = known;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    /** Levenshtein distance; keyword tables are small, so the plain O(n·m) table is enough. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
