package io.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.config.ConfigLoader;
import io.tandem.testing.FreePorts;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The whole daemon answering DNS from its health checks: a real server whose check fails leaves the
 * answers within a check interval, and returns when it recovers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HealthAwareDnsIT {
    private RestartableBackend first;
    private RestartableBackend second;
    private Daemon daemon;

    @AfterEach
    void stopAll() throws Exception {
        if (daemon != null) {
            daemon.stop();
        }
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    private static String checked(String address, int port) {
        return """
                  real_server %s %d {
                    TCP_CHECK {
                      delay_loop 0.5
                      connect_timeout 1
                      retry 0
                      delay_before_retry 0.5
                    }
                  }
                """
                .formatted(address, port);
    }

    private static Set<String> answers(SimpleResolver resolver) throws Exception {
        Record question = Record.newRecord(Name.fromString("www.example.test."), Type.A, DClass.IN);
        Message reply = resolver.send(Message.newQuery(question));
        Set<String> addresses = new TreeSet<>();
        for (Record r : reply.getSection(Section.ANSWER)) {
            addresses.add(((ARecord) r).getAddress().getHostAddress());
        }
        return addresses;
    }

    @Test
    void aServerFailingItsCheckLeavesTheAnswersAndComesBack() throws Exception {
        first = RestartableBackend.start("first", InetAddress.getByName("127.0.0.2"));
        second = RestartableBackend.start("second", InetAddress.getByName("127.0.0.3"));
        int vip = FreePorts.tcp();
        int dnsPort = FreePorts.tcp();
        String config =
                "virtual_server 127.0.0.1 "
                        + vip
                        + " {\n  lb_algo rr\n"
                        + checked("127.0.0.2", first.port())
                        + checked("127.0.0.3", second.port())
                        + "}\n"
                        + """
                        dns_service {
                          listen 127.0.0.1 %d
                          zone example.test
                          ttl 1
                          name www virtual_server 127.0.0.1 %d
                        }
                        """
                                .formatted(dnsPort, vip);
        DaemonOptions options = new DaemonOptions();
        options.threads = 1;
        options.drainSeconds = 1;
        daemon = Daemon.start(ConfigLoader.parse(config, Path.of("dns-it.conf")), options);
        SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
        resolver.setPort(dnsPort);
        resolver.setTimeout(Duration.ofSeconds(2));
        Set<String> both = new TreeSet<>(Arrays.asList("127.0.0.2", "127.0.0.3"));
        assertThat(answers(resolver)).isEqualTo(both);

        second.kill();
        // One check interval (0.5 s) plus the check's own time; generous for a loaded machine.
        await().atMost(Duration.ofSeconds(5))
                .until(() -> answers(resolver).equals(Set.of("127.0.0.2")));

        second.restart();
        await().atMost(Duration.ofSeconds(5)).until(() -> answers(resolver).equals(both));
    }
}
