package io.tandem.config;

import static io.tandem.config.RejectedConfig.errors;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** admin_http, admin_token and admin_token_file in global_defs. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class GlobalDefsAdminHttpTest {

    private static GlobalDefs globalDefs(String body) throws ConfigException {
        return ConfigLoader.parse("global_defs {\n" + body + "}\n", Path.of("k.conf")).globalDefs();
    }

    @Test
    void anAdminEndpointWithATokenFileIsRead() throws Exception {
        GlobalDefs g =
                globalDefs("  admin_http 127.0.0.1:9180\n  admin_token_file /etc/tandem/token\n");
        AdminHttpConfig admin = g.adminHttp();
        assertThat(admin).isNotNull();
        assertThat(admin.address().toString()).isEqualTo("127.0.0.1:9180");
        assertThat(admin.tokenFile()).isEqualTo(Path.of("/etc/tandem/token"));
        assertThat(admin.token()).isNull();
        assertThat(admin.position().line()).isEqualTo(2);
    }

    @Test
    void anIpv6EndpointNeedsBracketsAndATokenMayBeInline() throws Exception {
        AdminHttpConfig admin =
                globalDefs("  admin_http [::1]:9180\n  admin_token abc\n").adminHttp();
        assertThat(admin).isNotNull();
        assertThat(admin.address().toString()).isEqualTo("[::1]:9180");
        assertThat(admin.token()).isEqualTo("abc");
    }

    @Test
    void withoutAdminHttpThereIsNoEndpoint() throws Exception {
        assertThat(globalDefs("  router_id lb1\n").adminHttp()).isNull();
    }

    @Test
    void aBadAddressOrTwoTokensAreErrorsThatSayWhere() {
        assertThat(errors("global_defs {\n  admin_http localhost:9180\n}\n"))
                .containsExactly(
                        "bad.conf:2:14: admin_http: expected ADDRESS:PORT with an IP literal, such"
                                + " as 127.0.0.1:9180 or [::1]:9180, got 'localhost:9180'");
        assertThat(errors("global_defs {\n  admin_http ::1:9180\n}\n")).hasSize(1);
        assertThat(errors("global_defs {\n  admin_http 127.0.0.1:0\n}\n")).hasSize(1);
        assertThat(errors("global_defs {\n  admin_token a\n  admin_token_file /t\n}\n"))
                .containsExactly("bad.conf:3:20: admin_token_file: admin_token is set too");
    }
}
