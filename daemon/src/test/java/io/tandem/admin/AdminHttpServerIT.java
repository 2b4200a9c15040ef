package io.tandem.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.admin.api.AdminCommand;
import io.tandem.admin.api.AdminJson;
import io.tandem.admin.api.AdminReply;
import io.tandem.admin.api.AdminRequest;
import io.tandem.admin.api.AdminResult;
import io.tandem.testing.StubAdminBackend;
import io.tandem.testing.StubBackend;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminHttpServerIT {
    private static final String TOKEN = "s3cret-token";

    private final HttpClient client = HttpClient.newHttpClient();
    private @Nullable StubBackend real;
    private @Nullable AdminHttpServer server;
    private StubAdminBackend backend = new StubAdminBackend(List.of());

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (real != null) {
            real.close();
        }
        client.close();
    }

    private URI start(@Nullable String token) throws Exception {
        real = StubBackend.start("a", StubBackend.IDENTITY);
        backend = new StubAdminBackend(List.of(real.address()));
        server =
                AdminHttpServer.start(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        token,
                        new AdminDispatcher(backend),
                        null);
        return URI.create("http://127.0.0.1:" + server.address().getPort() + "/");
    }

    private HttpResponse<String> post(URI base, String body, @Nullable String authorization)
            throws Exception {
        var request =
                HttpRequest.newBuilder(base.resolve("api/v1"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(URI base, String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(base.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String drainRequest() {
        var r = java.util.Objects.requireNonNull(real).address();
        return AdminJson.write(
                AdminRequest.of(
                        new AdminCommand.Drain(StubAdminBackend.SERVICE, r.hostText(), r.port())));
    }

    @Test
    void servicesAreListedWithoutAToken() throws Exception {
        URI base = start(TOKEN);
        HttpResponse<String> response = get(base, "api/v1/services");
        assertThat(response.statusCode()).isEqualTo(200);
        AdminReply reply = AdminJson.read(response.body(), AdminReply.class);
        assertThat(reply.result()).isInstanceOf(AdminResult.Services.class);
        var services = ((AdminResult.Services) reply.result()).services();
        assertThat(services.getFirst().realServers().getFirst().health()).isEqualTo("up");
        assertThat(get(base, "api/v1/vrrp").body()).contains("\"MASTER\"");
    }

    @Test
    void aListingPostedWithoutATokenIsAnswered() throws Exception {
        URI base = start(TOKEN);
        var response =
                post(base, AdminJson.write(AdminRequest.of(new AdminCommand.ListVrrp())), null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("VI_1");
    }

    @Test
    void aChangeWithoutTheTokenIsRefusedAndChangesNothing() throws Exception {
        URI base = start(TOKEN);
        var response = post(base, drainRequest(), null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(AdminJson.read(response.body(), AdminReply.class).error())
                .contains("admin_token");
        assertThat(post(base, drainRequest(), "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(post(base, drainRequest(), "Basic " + TOKEN).statusCode()).isEqualTo(401);
        assertThat(backend.changes()).isZero();
    }

    @Test
    void aChangeWithTheTokenTakesEffect() throws Exception {
        URI base = start(TOKEN);
        var response = post(base, drainRequest(), "Bearer " + TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(AdminJson.read(response.body(), AdminReply.class).result())
                .isInstanceOf(AdminResult.Done.class);
        assertThat(backend.drained(java.util.Objects.requireNonNull(real).address())).isTrue();
    }

    @Test
    void withoutAConfiguredTokenNoChangeIsAllowedOverHttp() throws Exception {
        URI base = start(null);
        var response = post(base, drainRequest(), "Bearer ");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("no admin_token is configured");
        assertThat(backend.changes()).isZero();
    }

    @Test
    void malformedJsonGetsBadRequestSayingWhere() throws Exception {
        URI base = start(TOKEN);
        var response = post(base, "{\"version\": 1, \"command\": {\"command\": \"drain\"", null);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(AdminJson.read(response.body(), AdminReply.class).error())
                .startsWith("bad AdminRequest at line 1");
        assertThat(post(base, "{\"version\": 7, \"command\": {\"command\": \"list-vrrp\"}}", null))
                .satisfies(r -> assertThat(r.statusCode()).isEqualTo(400))
                .satisfies(r -> assertThat(r.body()).contains("version 7"));
        assertThat(
                        post(base, "{\"version\": 1, \"command\": {\"command\": \"rm-rf\"}}", null)
                                .statusCode())
                .isEqualTo(400);
    }

    @Test
    void aRefusedCommandSaysWhy() throws Exception {
        URI base = start(TOKEN);
        String request =
                AdminJson.write(
                        AdminRequest.of(
                                new AdminCommand.Drain(StubAdminBackend.SERVICE, "127.0.0.9", 1)));
        var response = post(base, request, "Bearer " + TOKEN);
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(AdminJson.read(response.body(), AdminReply.class).error())
                .isEqualTo("No such destination");
    }

    @Test
    void anOversizedBodyIsRefusedAndTheServerKeepsAnswering() throws Exception {
        URI base = start(TOKEN);
        var response = post(base, "x".repeat(ApiHandler.BODY_LIMIT + 10), null);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(get(base, "api/v1/services").statusCode()).isEqualTo(200);
    }

    @Test
    void unknownRoutesAndMethodsGetTheirStatus() throws Exception {
        URI base = start(TOKEN);
        assertThat(get(base, "api/v1/nothing").statusCode()).isEqualTo(404);
        assertThat(get(base, "api/v1").statusCode()).isEqualTo(405);
        assertThat(get(base, "secrets.txt").statusCode()).isEqualTo(404);
        assertThat(get(base, "metrics").statusCode()).isEqualTo(404);
    }

    @Test
    void theDashboardIsServedWithAStrictContentSecurityPolicy() throws Exception {
        URI base = start(TOKEN);
        HttpResponse<String> page = get(base, "");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(v -> assertThat(v).contains("script-src 'self'"));
        assertThat(page.body()).contains("dashboard.js");
        assertThat(get(base, "dashboard.js").body()).doesNotContain("innerHTML");
        assertThat(get(base, "dashboard.css").statusCode()).isEqualTo(200);
    }
}
