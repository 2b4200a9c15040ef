package io.tandem.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.SourcePosition;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LexerTest {
    private static final Path FILE = Path.of("lexer.conf");

    private final Diagnostics diagnostics = new Diagnostics();

    private List<Token> tokens(String text) {
        return new Lexer(FILE, diagnostics).tokenize(text);
    }

    private static String render(List<Token> tokens) {
        StringBuilder out = new StringBuilder();
        for (Token t : tokens) {
            out.append(
                    switch (t.kind()) {
                        case WORD -> "W(" + t.text() + ")";
                        case STRING -> "S(" + t.text() + ")";
                        case OPEN -> "{";
                        case CLOSE -> "}";
                        case END_OF_LINE -> "$";
                    });
            out.append(' ');
        }
        return out.toString().strip();
    }

    @Test
    void wordsBracesAndLineEndsBecomeTokens() {
        assertThat(render(tokens("virtual_server 10.0.0.1 80 {\n  delay_loop 6\n}\n")))
                .isEqualTo("W(virtual_server) W(10.0.0.1) W(80) { $ W(delay_loop) W(6) $ } $");
    }

    @Test
    void bracesSplitWordsWithoutSpaces() {
        assertThat(render(tokens("notification_email {a@b.c}")))
                .isEqualTo("W(notification_email) { W(a@b.c) } $");
    }

    @Test
    void hashAndBangCommentsRunToTheEndOfTheLine() {
        assertThat(render(tokens("# header\nweight 2 ! heavier\nalpha # on\n")))
                .isEqualTo("$ W(weight) W(2) $ W(alpha) $");
    }

    @Test
    void commentCharactersInsideAWordStayInTheWord() {
        assertThat(render(tokens("router_id lb#1"))).isEqualTo("W(router_id) W(lb#1) $");
    }

    @Test
    void quotedStringsKeepSpacesBracesAndCommentCharacters() {
        assertThat(render(tokens("router_id \"lb 1 { # ! }\"")))
                .isEqualTo("W(router_id) S(lb 1 { # ! }) $");
    }

    @Test
    void backslashEscapesAQuoteAndABackslashInsideAString() {
        assertThat(tokens("x \"say \\\"hi\\\" \\\\ \\n\"").get(1).text())
                .isEqualTo("say \"hi\" \\ \\n");
    }

    @Test
    void everyTokenKnowsItsFileLineAndColumn() {
        List<Token> tokens = tokens("a\n\tbb  \"c\"\n   }");
        assertThat(tokens)
                .extracting(Token::position)
                .containsExactly(
                        new SourcePosition(FILE, 1, 1),
                        new SourcePosition(FILE, 1, 2),
                        new SourcePosition(FILE, 2, 2),
                        new SourcePosition(FILE, 2, 6),
                        new SourcePosition(FILE, 2, 9),
                        new SourcePosition(FILE, 3, 4),
                        new SourcePosition(FILE, 3, 5));
    }

    @Test
    void windowsLineEndsAreOrdinaryLineEnds() {
        assertThat(render(tokens("alpha\r\nomega\r\n"))).isEqualTo("W(alpha) $ W(omega) $");
    }

    @Test
    void anUnterminatedStringIsReportedWhereItOpens() {
        List<Token> tokens = tokens("router_id \"lb1\nalpha");
        assertThat(render(tokens)).isEqualTo("W(router_id) S(lb1) $ W(alpha) $");
        assertThat(diagnostics.errors())
                .extracting(Object::toString)
                .containsExactly(
                        "lexer.conf:1:11: unterminated string: no closing '\"' on this line");
    }

    @Test
    void emptyTextIsOneLineEnd() {
        assertThat(render(tokens(""))).isEqualTo("$");
    }
}
