package io.tandem.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BlockParserTest {
    @TempDir Path dir;

    private final Diagnostics diagnostics = new Diagnostics();

    private List<Statement> parse(String text) {
        return new BlockParser(diagnostics).parseText(text, Path.of("p.conf"));
    }

    private List<Statement> parseFile(Path file) {
        return new BlockParser(diagnostics).parseFile(file);
    }

    /** {@code kw arg arg { child; child }} for each statement, joined with "; ". */
    private static String render(List<Statement> statements) {
        return statements.stream()
                .map(
                        s -> {
                            String line =
                                    s.keyword().text()
                                            + s.arguments().stream()
                                                    .map(t -> " " + t.text())
                                                    .collect(Collectors.joining());
                            return s.block() == null
                                    ? line
                                    : line + " { " + render(s.children()) + " }";
                        })
                .collect(Collectors.joining("; "));
    }

    private List<String> errors() {
        return diagnostics.errors().stream().map(Object::toString).toList();
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void blocksNestAndArgumentsStayOnTheirLine() {
        String text =
                """
                virtual_server 10.0.0.1 80 {
                    lb_algo rr
                    real_server 10.0.0.2 80 {
                        weight 3
                    }
                }
                """;
        assertThat(render(parse(text)))
                .isEqualTo(
                        "virtual_server 10.0.0.1 80 { lb_algo rr; real_server 10.0.0.2 80 { weight 3 } }");
        assertThat(errors()).isEmpty();
    }

    @Test
    void anOpeningBraceMayStandAloneOnTheNextLine() {
        String text = "global_defs\n{\n  router_id lb1\n}\n";
        assertThat(render(parse(text))).isEqualTo("global_defs { router_id lb1 }");
    }

    @Test
    void oneLineBlocksCloseOnTheirOwnLine() {
        String text =
                """
                notification_email { a@b.c }
                virtual_ipaddress { 10.0.0.1/24 }
                real_server 10.0.0.2 80 { weight 2 }
                """;
        assertThat(render(parse(text)))
                .isEqualTo(
                        "notification_email { a@b.c }; virtual_ipaddress { 10.0.0.1/24 };"
                                + " real_server 10.0.0.2 80 { weight 2 }");
    }

    @Test
    void emptyBlocksAreBlocks() {
        assertThat(render(parse("global_defs {}\nalpha"))).isEqualTo("global_defs {  }; alpha");
    }

    @Test
    void anUnclosedBraceIsReportedWhereItWasOpened() {
        parse("global_defs {\n  router_id lb1\nvirtual_server 10.0.0.1 80 {\n}\n");
        assertThat(errors())
                .containsExactly(
                        "p.conf:1:13: unclosed '{': no matching '}' before the end of p.conf");
    }

    @Test
    void aStrayClosingBraceIsReportedWhereItStands() {
        parse("global_defs {\n}\n  }\nalpha\n");
        assertThat(errors()).containsExactly("p.conf:3:3: unmatched '}': no block is open here");
    }

    @Test
    void blocksNestedTooDeepAreOneErrorNotAStackOverflow() {
        String text = "a {\n".repeat(100_000) + "}\n".repeat(100_000) + "omega\n";
        List<Statement> statements = parse(text);

        assertThat(errors())
                .containsExactly(
                        "p.conf:%d:3: blocks nested more than %d levels deep"
                                .formatted(
                                        BlockParser.MAX_BLOCK_DEPTH + 1,
                                        BlockParser.MAX_BLOCK_DEPTH));
        assertThat(statements).hasSize(2);
        assertThat(statements.get(1).keyword().text()).isEqualTo("omega");
    }

    @Test
    void aFileThatIsNotUtf8IsAClearError() throws IOException {
        Path file = dir.resolve("binary.conf");
        Files.write(file, new byte[] {'a', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
        parseFile(file);
        assertThat(errors()).containsExactly(file + ":1:1: cannot read: not UTF-8 text");
    }

    @Test
    void aBraceWithoutAKeywordIsReported() {
        List<Statement> statements = parse("\n{ alpha }\nomega\n");
        assertThat(render(statements)).isEqualTo("omega");
        assertThat(errors())
                .containsExactly(
                        "p.conf:2:1: '{' without a keyword: a block must follow a keyword on the"
                                + " same or the previous line");
    }

    @Test
    void includeExpandsAGlobInSortedOrderRelativeToTheIncludingFile() throws IOException {
        write("conf.d/b.conf", "virtual_server 10.0.0.2 80 {\n}\n");
        write("conf.d/a.conf", "virtual_server 10.0.0.1 80 {\n}\n");
        write("conf.d/skip.txt", "alpha\n");
        Path main = write("keepalived.conf", "global_defs {\n}\ninclude conf.d/*.conf\nomega\n");

        List<Statement> statements = parseFile(main);

        assertThat(render(statements))
                .isEqualTo(
                        "global_defs {  }; virtual_server 10.0.0.1 80 {  };"
                                + " virtual_server 10.0.0.2 80 {  }; omega");
        assertThat(statements.get(1).position().file()).isEqualTo(dir.resolve("conf.d/a.conf"));
        assertThat(statements.get(1).position().line()).isEqualTo(1);
        assertThat(errors()).isEmpty();
    }

    @Test
    void includeWorksInsideABlockAndWithAnAbsolutePath() throws IOException {
        Path servers = write("servers.conf", "real_server 10.0.0.2 80\nreal_server 10.0.0.3 80\n");
        Path main =
                write(
                        "keepalived.conf",
                        "virtual_server 10.0.0.1 80 {\n  include " + servers + "\n}\n");
        assertThat(render(parseFile(main)))
                .isEqualTo(
                        "virtual_server 10.0.0.1 80 { real_server 10.0.0.2 80; real_server"
                                + " 10.0.0.3 80 }");
    }

    @Test
    void aGlobThatMatchesNothingIncludesNothing() throws IOException {
        Path main = write("keepalived.conf", "include conf.d/*.conf\nalpha\n");
        assertThat(render(parseFile(main))).isEqualTo("alpha");
        assertThat(errors()).isEmpty();
    }

    @Test
    void aMissingPlainIncludeIsAnErrorAtTheIncludeSite() throws IOException {
        Path main = write("keepalived.conf", "alpha\ninclude   missing.conf\n");
        parseFile(main);
        assertThat(errors())
                .containsExactly(
                        main + ":2:11: include: no such file: " + dir.resolve("missing.conf"));
    }

    @Test
    void anIncludeCycleIsAnError() throws IOException {
        write("a.conf", "include b.conf\n");
        write("b.conf", "alpha\ninclude a.conf\n");
        Path main = write("keepalived.conf", "include a.conf\n");
        assertThat(render(parseFile(main))).isEqualTo("alpha");
        assertThat(errors())
                .containsExactly(
                        dir.resolve("b.conf")
                                + ":2:9: include cycle: keepalived.conf -> a.conf -> b.conf ->"
                                + " a.conf");
    }

    @Test
    void includesNestedDeeperThanEightLevelsAreAnError() throws IOException {
        for (int i = 1; i <= 9; i++) {
            write("level" + i + ".conf", "alpha\ninclude level" + (i + 1) + ".conf\n");
        }
        write("level10.conf", "omega\n");
        Path main = write("keepalived.conf", "include level1.conf\n");

        List<Statement> statements = parseFile(main);

        assertThat(statements).hasSize(8);
        assertThat(errors())
                .containsExactly(
                        dir.resolve("level8.conf")
                                + ":2:9: include: nested deeper than 8 levels (keepalived.conf ->"
                                + " level1.conf -> level2.conf -> level3.conf -> level4.conf ->"
                                + " level5.conf -> level6.conf -> level7.conf -> level8.conf ->"
                                + " level9.conf)");
    }

    @Test
    void includeNeedsExactlyOnePattern() {
        parse("include a.conf b.conf\ninclude\n");
        assertThat(errors())
                .containsExactly(
                        "p.conf:1:1: include: expected 'include PATTERN', got 2 arguments",
                        "p.conf:2:1: include: expected 'include PATTERN', got no arguments");
    }

    @Test
    void anIncludedFileMustBalanceItsOwnBraces() throws IOException {
        Path part = write("part.conf", "global_defs {\n");
        Path main = write("keepalived.conf", "include part.conf\n}\n");
        parseFile(main);
        assertThat(errors())
                .containsExactly(
                        part + ":1:13: unclosed '{': no matching '}' before the end of part.conf",
                        main + ":2:1: unmatched '}': no block is open here");
    }

    @Test
    void aMissingTopLevelFileIsAnError() {
        Path missing = dir.resolve("nope.conf");
        parseFile(missing);
        assertThat(errors()).containsExactly(missing + ":1:1: no such file");
    }
}
