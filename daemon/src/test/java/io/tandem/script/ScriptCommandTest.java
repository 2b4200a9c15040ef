package io.tandem.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ScriptCommandTest {

    @Test
    void wordsAreSplitOnBlanks() {
        assertThat(ScriptCommand.parse("  /bin/check.sh\t10.0.0.3  80 ").argv())
                .containsExactly("/bin/check.sh", "10.0.0.3", "80");
    }

    @Test
    void singleQuotesGroupLiterally() {
        assertThat(ScriptCommand.parse("/bin/x 'a b' 'c\\d' '\"'").argv())
                .containsExactly("/bin/x", "a b", "c\\d", "\"");
    }

    @Test
    void doubleQuotesGroupAndHonourBackslash() {
        assertThat(ScriptCommand.parse("/bin/x \"a b\" \"say \\\"hi\\\"\" \"it's\"").argv())
                .containsExactly("/bin/x", "a b", "say \"hi\"", "it's");
    }

    @Test
    void backslashEscapesABlankOutsideQuotes() {
        assertThat(ScriptCommand.parse("/bin/x a\\ b c\\\\").argv())
                .containsExactly("/bin/x", "a b", "c\\");
    }

    @Test
    void quotedPartsJoinTheirNeighbours() {
        assertThat(ScriptCommand.parse("/bin/x pre'fix suf'fix \"\" ''").argv())
                .containsExactly("/bin/x", "prefix suffix", "", "");
    }

    @Test
    void emptyLineIsRejected() {
        assertThatThrownBy(() -> ScriptCommand.parse("   "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty command");
        assertThatThrownBy(() -> ScriptCommand.parse("''"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty command");
    }

    @Test
    void unbalancedQuotesAreRejectedWithTheLine() {
        assertThatThrownBy(() -> ScriptCommand.parse("/bin/x 'a b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unbalanced ' quote in command: /bin/x 'a b");
        assertThatThrownBy(() -> ScriptCommand.parse("/bin/x \"a"))
                .hasMessageContaining("unbalanced \" quote");
    }

    @Test
    void loneTrailingBackslashIsRejected() {
        assertThatThrownBy(() -> ScriptCommand.parse("/bin/x a\\"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lone backslash");
    }

    @Test
    void programIsTheFirstWordAndArgumentsAppend() {
        ScriptCommand command = ScriptCommand.parse("/etc/tandem/notify.sh --verbose");
        assertThat(command.program()).isEqualTo(Path.of("/etc/tandem/notify.sh"));
        assertThat(command.withArguments(List.of("INSTANCE", "VI_1", "MASTER", "100")).argv())
                .containsExactly(
                        "/etc/tandem/notify.sh", "--verbose", "INSTANCE", "VI_1", "MASTER", "100");
        assertThat(command.argv()).hasSize(2);
    }

    @Test
    void printedFormParsesBackToTheSameWords() {
        ScriptCommand command =
                new ScriptCommand(List.of("/bin/x", "a b", "it's", "", "back\\slash", "plain"));
        assertThat(command.toString()).startsWith("/bin/x 'a b' ");
        assertThat(ScriptCommand.parse(command.toString())).isEqualTo(command);
    }

    @Test
    void resultDescribesHowTheRunEnded() {
        assertThat(new ScriptResult(1, false, null, "", Duration.ofMillis(20)).describe())
                .isEqualTo("exit 1");
        assertThat(new ScriptResult(-1, true, null, "", Duration.ofMillis(3010)).describe())
                .isEqualTo("timed out after 3 s");
        assertThat(new ScriptResult(-1, true, null, "", Duration.ofMillis(520)).describe())
                .isEqualTo("timed out after 0.5 s");
        assertThat(ScriptResult.notStarted("/x does not exist").describe())
                .isEqualTo("could not start: /x does not exist");
        assertThat(new ScriptResult(0, false, null, "", Duration.ZERO).succeeded()).isTrue();
        assertThat(new ScriptResult(0, true, null, "", Duration.ZERO).succeeded()).isFalse();
    }
}
