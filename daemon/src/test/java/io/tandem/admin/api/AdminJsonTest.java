package io.tandem.admin.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AdminJsonTest {

    @Test
    void aCommandSurvivesTheWire() throws AdminException {
        var request =
                AdminRequest.of(
                        new AdminCommand.AddRealServer(
                                new ServiceKey(ServiceProtocol.TCP, "10.0.0.1", 80),
                                new RealServerSpec("192.168.1.2", 8080, Forwarding.MASQ, 3, 0, 0)));

        String json = AdminJson.write(request);

        assertThat(json).contains("\"command\":\"add-real-server\"");
        assertThat(AdminJson.read(json, AdminRequest.class)).isEqualTo(request);
    }

    @Test
    void aReplySurvivesTheWire() throws AdminException {
        var reply = AdminReply.ok(new AdminResult.Reloaded(List.of("real server added")));

        assertThat(AdminJson.read(AdminJson.write(reply), AdminReply.class)).isEqualTo(reply);
    }

    @Test
    void anUnknownCommandIsNamedInTheError() {
        assertThatThrownBy(
                        () ->
                                AdminJson.read(
                                        "{\"version\":1,\"command\":{\"command\":\"explode\"}}",
                                        AdminRequest.class))
                .isInstanceOf(AdminException.class)
                .hasMessageContaining("explode")
                .hasMessageContaining("line 1");
    }
}
