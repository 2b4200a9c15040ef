package io.tandem.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Keeps docs/config.md and the keyword tables in step: every keyword of every table is documented
 * with its status (and, when not supported yet, the same reason), and the doc lists nothing else.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConfigDocsTest {
    private static final Pattern HEADING = Pattern.compile("^## (?:`(\\w+)`|(Top level))$");
    private static final Pattern ROW =
            Pattern.compile(
                    "^\\| `([^`]+)` \\| (supported|not supported yet) \\| (.+?) \\| (.+?) \\|$");

    private static final List<KeywordTable<?>> TABLES =
            List.of(
                    TopLevelKeywords.TABLE,
                    GlobalDefsKeywords.TABLE,
                    VirtualServerKeywords.TABLE,
                    RealServerKeywords.TABLE,
                    TcpCheckKeywords.TABLE,
                    HttpGetKeywords.HTTP_TABLE,
                    HttpGetKeywords.SSL_TABLE,
                    UrlKeywords.TABLE,
                    PingCheckKeywords.TABLE,
                    MiscCheckKeywords.TABLE,
                    RouteKeywords.TABLE,
                    RealServerGroupKeywords.TABLE,
                    VirtualServerGroupKeywords.TABLE,
                    VrrpInstanceKeywords.TABLE,
                    AuthenticationKeywords.TABLE,
                    VrrpScriptKeywords.TABLE,
                    VrrpSyncGroupKeywords.TABLE,
                    DnsServiceKeywords.TABLE);

    /** section → (keyword → "status" or "not supported yet: reason"), as the doc says. */
    private static final Map<String, Map<String, String>> documented = new LinkedHashMap<>();

    @BeforeAll
    static void readTheDoc() throws IOException {
        String section = null;
        for (String line : Files.readAllLines(docs())) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                section = heading.group(1) != null ? heading.group(1) : TopLevelKeywords.SECTION;
                documented.putIfAbsent(section, new LinkedHashMap<>());
                continue;
            }
            if (line.startsWith("## ")) {
                section = null;
            }
            Matcher row = ROW.matcher(line);
            if (section != null && row.matches()) {
                String previous =
                        documented
                                .get(section)
                                .put(row.group(1), describe(row.group(2), row.group(3)));
                assertThat(previous).as("%s listed twice in %s", row.group(1), section).isNull();
            }
        }
    }

    /** The repository's docs/config.md, found from Maven's property or by walking up. */
    private static Path docs() {
        String root = System.getProperty("maven.multiModuleProjectDirectory");
        if (root != null && Files.isRegularFile(Path.of(root, "docs", "config.md"))) {
            return Path.of(root, "docs", "config.md");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/config.md"))) {
                return dir.resolve("docs/config.md");
            }
        }
        throw new IllegalStateException(
                "docs/config.md not found above " + Path.of("").toAbsolutePath());
    }

    private static String describe(String status, String meaning) {
        return status.equals("supported") ? status : status + ": " + meaning;
    }

    private static Map<String, String> expected(KeywordTable<?> table) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Keyword<?> keyword : table.keywords()) {
            out.put(
                    keyword.name(),
                    switch (keyword) {
                        case Keyword.Supported<?> s -> "supported";
                        case Keyword.NotSupportedYet<?> n -> "not supported yet: " + n.reason();
                    });
        }
        return out;
    }

    @Test
    void everySectionHasATableInTheDoc() {
        assertThat(documented.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        TABLES.stream().map(KeywordTable::section).toList());
    }

    @Test
    void eachTableListsExactlyTheKeywordsWithTheirStatusAndReason() {
        for (KeywordTable<?> table : TABLES) {
            Map<String, String> doc = documented.getOrDefault(table.section(), Map.of());
            assertThat(doc)
                    .as("docs/config.md section %s", table.section())
                    .containsExactlyInAnyOrderEntriesOf(expected(table));
        }
    }

    @Test
    void theIssuesMustHaveKeywordsAreSupported() {
        assertThat(new TreeSet<>(supported(VirtualServerKeywords.TABLE)))
                .contains(
                        "delay_loop",
                        "lb_algo",
                        "lvs_sched",
                        "lb_kind",
                        "lvs_method",
                        "protocol",
                        "persistence_timeout",
                        "persistence_granularity",
                        "quorum",
                        "hysteresis",
                        "alpha",
                        "omega",
                        "sorry_server",
                        "real_server");
        assertThat(supported(RealServerKeywords.TABLE))
                .contains("weight", "inhibit_on_failure", "uthreshold", "lthreshold");
        assertThat(supported(GlobalDefsKeywords.TABLE))
                .contains(
                        "router_id",
                        "notification_email",
                        "notification_email_from",
                        "smtp_server",
                        "smtp_connect_timeout");
    }

    private static List<String> supported(KeywordTable<?> table) {
        return table.keywords().stream()
                .filter(k -> k instanceof Keyword.Supported<?>)
                .map(Keyword::name)
                .toList();
    }
}
