package io.tandem.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Tag("netns")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NetworkNamespaceIT {

    private TwoHosts hosts;

    @BeforeEach
    void createHosts() throws Exception {
        TwoHosts.requireNetns();
        hosts = TwoHosts.create();
    }

    @AfterEach
    void deleteHosts() {
        if (hosts != null) {
            hosts.close();
        }
    }

    @Test
    void tasksRunInsideTheNamedNamespaceWhileTheCallerStaysOutside() throws Exception {
        Object namespaceInode = Files.getAttribute(Path.of("/var/run/netns", hosts.a), "unix:ino");
        String inside =
                hosts.hostA.call(
                        () ->
                                Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net"))
                                        .toString());
        String outside = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();

        assertThat(inside).isEqualTo("net:[" + namespaceInode + "]");
        assertThat(outside).isNotEqualTo(inside);
    }

    @Test
    void aSocketOpenedInsideKeepsItsNamespaceWhenUsedFromAnotherThread() throws Exception {
        try (AddressControl control = hosts.hostB.call(AddressControl::open)) {
            assertThat(control.link(TwoHosts.B_INTERFACE).up()).isTrue();
        }
    }

    @Test
    void enteringAMissingNamespaceFailsWithTheErrnoText() {
        assertThatThrownBy(() -> NetworkNamespace.enter("tdm-no-such-namespace"))
                .isInstanceOf(ErrnoException.class)
                .hasMessageContaining("open(/var/run/netns/tdm-no-such-namespace)")
                .hasMessageContaining("No such file or directory");
    }

    @Test
    void aTaskFailureReachesTheCallerAndTheThreadKeepsServing() throws Exception {
        assertThatThrownBy(
                        () ->
                                hosts.hostA.call(
                                        () -> {
                                            try (AddressControl control = AddressControl.open()) {
                                                return control.link("nope0");
                                            }
                                        }))
                .isInstanceOf(ErrnoException.class)
                .hasMessageContaining("No such device");
        assertThat(hosts.hostA.call(() -> "still here")).isEqualTo("still here");
    }
}
