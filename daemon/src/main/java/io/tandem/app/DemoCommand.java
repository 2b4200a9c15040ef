package io.tandem.app;

import io.tandem.config.ConfigException;
import io.tandem.config.ConfigLoader;
import io.tandem.config.TandemConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tandem demo}: with no configuration at all, three HTTP backends on loopback behind a
 * weighted-least-connection virtual server, so a newcomer sees Tandem balance in one command.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Start three small HTTP backends on loopback and a virtual server in front of them.",
            "Runs until Ctrl-C."
        })
final class DemoCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--port",
            defaultValue = "8080",
            description = "Port of the virtual server on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Mixin DaemonOptions options;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try (DemoBackends backends = DemoBackends.start(3)) {
            String text = demoConfig(backends);
            TandemConfig config;
            try {
                config = ConfigLoader.parse(text, Path.of("demo.conf"));
            } catch (ConfigException e) {
                throw new IllegalStateException(
                        "the embedded demo config is invalid:\n" + e.report(), e);
            }
            Daemon daemon = Daemon.start(config, options);
            out.println("Tandem demo: this configuration is running (keepalived.conf syntax):");
            out.println();
            out.print(text.indent(4));
            out.println();
            out.println("Try it:");
            out.printf("    for i in 1 2 3 4 5 6; do curl -s http://127.0.0.1:%d/; done%n", port);
            out.println("Each answer names the backend that served it. Press Ctrl-C to stop.");
            out.flush();
            daemon.awaitStopped();
            return 0;
        }
    }

    private String demoConfig(DemoBackends backends) {
        StringBuilder realServers = new StringBuilder();
        for (InetSocketAddress backend : backends.addresses()) {
            realServers.append(
                    "    real_server 127.0.0.1 %d {%n        weight 1%n    }%n"
                            .formatted(backend.getPort()));
        }
        return """
                virtual_server 127.0.0.1 %d {
                    lb_algo wlc
                    lb_kind NAT
                    protocol TCP
                %s}
                """
                .formatted(port, realServers);
    }
}
