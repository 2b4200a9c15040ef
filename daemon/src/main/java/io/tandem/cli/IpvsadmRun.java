package io.tandem.cli;

import io.tandem.admin.api.AdminCommand;
import io.tandem.admin.api.AdminException;
import io.tandem.admin.api.AdminResult;
import io.tandem.admin.api.Forwarding;
import io.tandem.admin.api.RealServerSpec;
import io.tandem.admin.api.ServiceKey;
import io.tandem.admin.api.ServiceSpec;
import io.tandem.admin.api.ServiceStatus;
import io.tandem.cli.IpvsadmInvocation.Verb;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Carries out parsed ipvsadm invocations against the daemon and prints what ipvsadm would. Exit
 * codes as ipvsadm's: 0 done, 1 the daemon refused or could not be reached, 2 bad arguments (then
 * the daemon is never contacted). Blocking; one per command line.
 */
final class IpvsadmRun {
    /** ipvsadm's DEF_SCHED, used when {@code -A}/{@code -E} has no {@code -s}. */
    static final String DEFAULT_SCHEDULER = "wlc";

    private final Path socket;
    private final PrintWriter out;
    private final PrintWriter err;
    private final String tandemVersion;

    IpvsadmRun(Path socket, PrintWriter out, PrintWriter err, String tandemVersion) {
        this.socket = socket;
        this.out = out;
        this.err = err;
        this.tandemVersion = tandemVersion;
    }

    int run(List<String> args, BufferedReader stdin) {
        IpvsadmInvocation invocation;
        try {
            invocation = IpvsadmParser.parse(args);
        } catch (UsageException e) {
            return usageError(e.getMessage());
        }
        switch (invocation.verb()) {
            case HELP -> {
                out.print(IpvsadmHelp.TEXT);
                return 0;
            }
            case VERSION -> {
                out.println("tandem adm " + tandemVersion + " (ipvsadm v1.31 options and formats)");
                return 0;
            }
            case RESTORE -> {
                return restore(stdin);
            }
            default -> {
                return withDaemon(List.of(invocation));
            }
        }
    }

    private int restore(BufferedReader stdin) {
        List<IpvsadmInvocation> lines = new ArrayList<>();
        int number = 0;
        try {
            for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
                number++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                IpvsadmInvocation parsed =
                        IpvsadmParser.parse(Arrays.asList(trimmed.split("\\s+")));
                if (!changes(parsed.verb())) {
                    throw new UsageException(
                            "the '" + parsed.verb().ipvsadmName + "' command is not allowed here");
                }
                lines.add(parsed);
            }
        } catch (UsageException e) {
            return usageError("line " + number + ": " + e.getMessage());
        } catch (IOException e) {
            err.println("cannot read the rules from standard input: " + e.getMessage());
            err.flush();
            return 1;
        }
        return withDaemon(lines);
    }

    private static boolean changes(Verb verb) {
        return switch (verb) {
            case ADD_SERVICE,
                    EDIT_SERVICE,
                    DELETE_SERVICE,
                    ADD_SERVER,
                    EDIT_SERVER,
                    DELETE_SERVER,
                    FLUSH,
                    ZERO,
                    SET ->
                    true;
            default -> false;
        };
    }

    private int withDaemon(List<IpvsadmInvocation> invocations) {
        try (AdminClient client = AdminClient.connect(socket)) {
            for (IpvsadmInvocation invocation : invocations) {
                execute(client, invocation);
            }
            return 0;
        } catch (AdminException e) {
            err.println(e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("tandem adm: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private void execute(AdminClient client, IpvsadmInvocation i)
            throws AdminException, IOException {
        switch (i.verb()) {
            case LIST -> list(client, i);
            case SAVE -> out.print(IpvsadmListing.save(services(client)));
            default -> client.send(change(i));
        }
    }

    private void list(AdminClient client, IpvsadmInvocation i) throws AdminException, IOException {
        if (i.listTimeouts()) {
            AdminResult result = client.send(new AdminCommand.ListTimeouts());
            if (!(result instanceof AdminResult.Timeouts t)) {
                throw unexpected(result);
            }
            out.print(
                    "Timeout (tcp tcpfin udp): "
                            + t.tcp()
                            + " "
                            + t.tcpFin()
                            + " "
                            + t.udp()
                            + "\n");
            return;
        }
        if (i.format().connections()) {
            AdminResult result = client.send(new AdminCommand.ListConnections());
            if (!(result instanceof AdminResult.Connections connections)) {
                throw unexpected(result);
            }
            out.print(IpvsadmListing.connections(connections.connections(), i.format()));
            return;
        }
        List<ServiceStatus> all = services(client);
        ServiceKey wanted = i.service();
        if (wanted == null) {
            out.print(IpvsadmListing.list(all, i.format(), true, tandemVersion));
            return;
        }
        List<ServiceStatus> one = all.stream().filter(s -> s.key().equals(wanted)).toList();
        if (one.isEmpty()) {
            throw new AdminException("No such service");
        }
        out.print(IpvsadmListing.list(one, i.format(), false, tandemVersion));
    }

    private static List<ServiceStatus> services(AdminClient client)
            throws AdminException, IOException {
        AdminResult result = client.send(new AdminCommand.ListServices());
        if (!(result instanceof AdminResult.Services services)) {
            throw unexpected(result);
        }
        return services.services();
    }

    /** The admin command for a change; the parser has made sure what each verb needs is there. */
    static AdminCommand change(IpvsadmInvocation i) {
        return switch (i.verb()) {
            case ADD_SERVICE -> new AdminCommand.AddService(serviceSpec(i));
            case EDIT_SERVICE -> new AdminCommand.EditService(serviceSpec(i));
            case DELETE_SERVICE -> new AdminCommand.DeleteService(service(i));
            case ADD_SERVER -> new AdminCommand.AddRealServer(service(i), realServerSpec(i));
            case EDIT_SERVER -> new AdminCommand.EditRealServer(service(i), realServerSpec(i));
            case DELETE_SERVER ->
                    new AdminCommand.DeleteRealServer(
                            service(i), Objects.requireNonNull(i.realAddress()), realPort(i));
            case FLUSH -> new AdminCommand.Clear();
            case ZERO -> new AdminCommand.Zero(i.service());
            case SET -> {
                IpvsadmInvocation.Timeouts t = Objects.requireNonNull(i.timeouts());
                yield new AdminCommand.SetTimeouts(t.tcp(), t.tcpFin(), t.udp());
            }
            default -> throw new IllegalArgumentException(i.verb() + " changes nothing");
        };
    }

    private static ServiceKey service(IpvsadmInvocation i) {
        return Objects.requireNonNull(i.service(), "the parser requires -t/-u");
    }

    private static ServiceSpec serviceSpec(IpvsadmInvocation i) {
        String scheduler = i.scheduler();
        return new ServiceSpec(
                service(i),
                scheduler == null ? DEFAULT_SCHEDULER : scheduler,
                i.persistenceSeconds(),
                i.netmask());
    }

    /** As ipvsadm: -g, weight 1 and no thresholds unless given, also for {@code -e}. */
    private static RealServerSpec realServerSpec(IpvsadmInvocation i) {
        Forwarding forwarding = i.forwarding();
        Integer weight = i.weight();
        Integer upper = i.upperThreshold();
        Integer lower = i.lowerThreshold();
        return new RealServerSpec(
                Objects.requireNonNull(i.realAddress()),
                realPort(i),
                forwarding == null ? Forwarding.ROUTE : forwarding,
                weight == null ? 1 : weight,
                upper == null ? 0 : upper,
                lower == null ? 0 : lower);
    }

    private static int realPort(IpvsadmInvocation i) {
        return i.realPort() == 0 ? service(i).port() : i.realPort();
    }

    private static IOException unexpected(AdminResult result) {
        return new IOException(
                "the daemon answered with " + result.getClass().getSimpleName() + " unexpectedly");
    }

    private int usageError(String message) {
        err.println(message);
        err.flush();
        return 2;
    }
}
