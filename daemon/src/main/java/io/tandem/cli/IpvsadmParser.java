package io.tandem.cli;

import io.tandem.admin.api.Forwarding;
import io.tandem.admin.api.ServiceKey;
import io.tandem.admin.api.ServiceProtocol;
import io.tandem.cli.IpvsadmInvocation.Verb;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * ipvsadm 1.31's option grammar. Hand-written rather than picocli because ipvsadm's grammar is
 * popt's: one command letter clustered with modifiers ({@code -Ln}, {@code -Lnc}), {@code -p}'s
 * optional value, values glued to the letter ({@code -w3}), {@code --opt=value}, and ipvsadm's own
 * "Illegal 'x' option with the 'y' command" errors, which picocli cannot express per command.
 * Stateless and thread-safe.
 */
final class IpvsadmParser {

    private enum Arity {
        NONE,
        REQUIRED,
        OPTIONAL
    }

    /** Every option ipvsadm 1.31 knows that Tandem runs; {@code name} is ipvsadm's optname. */
    private enum Opt {
        SERVICE('t', "tcp-service", Arity.REQUIRED, "service-address"),
        UDP_SERVICE('u', "udp-service", Arity.REQUIRED, "service-address"),
        SCHEDULER('s', "scheduler", Arity.REQUIRED, "scheduler"),
        PERSISTENT('p', "persistent", Arity.OPTIONAL, "persistent"),
        NETMASK('M', "netmask", Arity.REQUIRED, "netmask"),
        REAL_SERVER('r', "real-server", Arity.REQUIRED, "real-server"),
        GATEWAYING('g', "gatewaying", Arity.NONE, "forwarding-method"),
        IPIP('i', "ipip", Arity.NONE, "forwarding-method"),
        MASQUERADING('m', "masquerading", Arity.NONE, "forwarding-method"),
        WEIGHT('w', "weight", Arity.REQUIRED, "weight"),
        U_THRESHOLD('x', "u-threshold", Arity.REQUIRED, "u-threshold"),
        L_THRESHOLD('y', "l-threshold", Arity.REQUIRED, "l-threshold"),
        NUMERIC('n', "numeric", Arity.NONE, "numeric"),
        CONNECTION('c', "connection", Arity.NONE, "connection"),
        EXACT('\0', "exact", Arity.NONE, "exact"),
        STATS('\0', "stats", Arity.NONE, "stats"),
        RATE('\0', "rate", Arity.NONE, "rate"),
        THRESHOLDS('\0', "thresholds", Arity.NONE, "thresholds"),
        PERSISTENT_CONN('\0', "persistent-conn", Arity.NONE, "persistent-conn"),
        SORT('\0', "sort", Arity.NONE, "sort"),
        TIMEOUT('\0', "timeout", Arity.NONE, "timeout");

        final char letter;
        final String longName;
        final Arity arity;
        final String name;

        Opt(char letter, String longName, Arity arity, String name) {
            this.letter = letter;
            this.longName = longName;
            this.arity = arity;
            this.name = name;
        }
    }

    private static final Map<Verb, Set<Opt>> ALLOWED = new EnumMap<>(Verb.class);
    private static final Map<Verb, Set<Opt>> REQUIRED = new EnumMap<>(Verb.class);

    static {
        Set<Opt> service = EnumSet.of(Opt.SERVICE, Opt.UDP_SERVICE);
        Set<Opt> serviceOptions = EnumSet.of(Opt.SCHEDULER, Opt.PERSISTENT, Opt.NETMASK);
        serviceOptions.addAll(service);
        Set<Opt> serverOptions =
                EnumSet.of(
                        Opt.REAL_SERVER,
                        Opt.GATEWAYING,
                        Opt.IPIP,
                        Opt.MASQUERADING,
                        Opt.WEIGHT,
                        Opt.U_THRESHOLD,
                        Opt.L_THRESHOLD);
        serverOptions.addAll(service);
        Set<Opt> listOptions =
                EnumSet.of(
                        Opt.NUMERIC,
                        Opt.CONNECTION,
                        Opt.EXACT,
                        Opt.STATS,
                        Opt.RATE,
                        Opt.THRESHOLDS,
                        Opt.PERSISTENT_CONN,
                        Opt.SORT,
                        Opt.TIMEOUT);
        listOptions.addAll(service);
        ALLOWED.put(Verb.ADD_SERVICE, serviceOptions);
        ALLOWED.put(Verb.EDIT_SERVICE, serviceOptions);
        ALLOWED.put(Verb.DELETE_SERVICE, service);
        ALLOWED.put(Verb.ADD_SERVER, serverOptions);
        ALLOWED.put(Verb.EDIT_SERVER, serverOptions);
        ALLOWED.put(Verb.DELETE_SERVER, EnumSet.of(Opt.SERVICE, Opt.UDP_SERVICE, Opt.REAL_SERVER));
        ALLOWED.put(Verb.FLUSH, EnumSet.noneOf(Opt.class));
        ALLOWED.put(Verb.ZERO, service);
        ALLOWED.put(Verb.LIST, listOptions);
        ALLOWED.put(Verb.SAVE, EnumSet.of(Opt.NUMERIC));
        ALLOWED.put(Verb.RESTORE, EnumSet.noneOf(Opt.class));
        ALLOWED.put(Verb.SET, EnumSet.noneOf(Opt.class));
        ALLOWED.put(Verb.HELP, EnumSet.noneOf(Opt.class));
        ALLOWED.put(Verb.VERSION, EnumSet.noneOf(Opt.class));
        for (Verb verb : Verb.values()) {
            REQUIRED.put(verb, EnumSet.noneOf(Opt.class));
        }
        for (Verb verb :
                List.of(
                        Verb.ADD_SERVICE,
                        Verb.EDIT_SERVICE,
                        Verb.DELETE_SERVICE,
                        Verb.ADD_SERVER,
                        Verb.EDIT_SERVER,
                        Verb.DELETE_SERVER)) {
            Objects.requireNonNull(REQUIRED.get(verb)).add(Opt.SERVICE);
        }
        for (Verb verb : List.of(Verb.ADD_SERVER, Verb.EDIT_SERVER, Verb.DELETE_SERVER)) {
            Objects.requireNonNull(REQUIRED.get(verb)).add(Opt.REAL_SERVER);
        }
    }

    /** ipvsadm's MAX_TIMEOUT: 31 days. */
    static final long MAX_TIMEOUT = 86400L * 31;

    private IpvsadmParser() {}

    /**
     * Parses one command line (without the program name). No arguments lists, as ipvsadm does.
     *
     * @throws UsageException with ipvsadm's message for what is wrong
     */
    static IpvsadmInvocation parse(List<String> args) throws UsageException {
        return new Run(args).parse();
    }

    /** The state of one parse: what was seen so far. */
    private static final class Run {
        private final List<String> args;
        private int next;
        private @Nullable Verb verb;
        private final Map<Opt, String> values = new EnumMap<>(Opt.class);
        private @Nullable Opt serviceOption;
        private @Nullable Opt forwardingOption;
        private IpvsadmInvocation.@Nullable Timeouts timeouts;

        Run(List<String> args) {
            this.args = args;
        }

        IpvsadmInvocation parse() throws UsageException {
            while (next < args.size()) {
                String arg = args.get(next++);
                if (arg.startsWith("--") && arg.length() > 2) {
                    longOption(arg.substring(2));
                } else if (arg.startsWith("-") && arg.length() > 1) {
                    shortCluster(arg.substring(1));
                } else {
                    throw new UsageException("unexpected argument '" + arg + "'");
                }
            }
            Verb command = verb == null ? Verb.LIST : verb;
            for (Opt opt : values.keySet()) {
                if (!ALLOWED.getOrDefault(command, Set.of()).contains(opt)) {
                    throw new UsageException(
                            "Illegal '"
                                    + opt.name
                                    + "' option with the '"
                                    + command.ipvsadmName
                                    + "' command");
                }
            }
            for (Opt opt : REQUIRED.getOrDefault(command, Set.of())) {
                boolean given =
                        opt == Opt.SERVICE ? serviceOption != null : values.containsKey(opt);
                if (!given) {
                    throw new UsageException(
                            "You need to supply the '"
                                    + opt.name
                                    + "' option for the '"
                                    + command.ipvsadmName
                                    + "' command");
                }
            }
            return build(command);
        }

        private void longOption(String text) throws UsageException {
            int eq = text.indexOf('=');
            String name = eq < 0 ? text : text.substring(0, eq);
            @Nullable String glued = eq < 0 ? null : text.substring(eq + 1);
            Verb command = longVerb(name);
            if (command != null) {
                setVerb(command);
                if (command == Verb.SET) {
                    timeouts = timeouts(glued);
                }
                return;
            }
            String unsupported = IpvsadmUnsupported.longReason(name);
            if (unsupported != null) {
                throw new UsageException("--" + name + " " + unsupported);
            }
            for (Opt opt : Opt.values()) {
                if (opt.longName.equals(name)) {
                    if (opt.arity == Arity.NONE && glued != null) {
                        throw new UsageException("option --" + name + " takes no value");
                    }
                    take(opt, glued);
                    return;
                }
            }
            throw new UsageException("unknown option --" + name);
        }

        private void shortCluster(String letters) throws UsageException {
            for (int i = 0; i < letters.length(); i++) {
                char letter = letters.charAt(i);
                Verb command = shortVerb(letter);
                if (command != null) {
                    setVerb(command);
                    continue;
                }
                String unsupported = IpvsadmUnsupported.shortReason(letter);
                if (unsupported != null) {
                    throw new UsageException("-" + letter + " " + unsupported);
                }
                Opt opt = shortOpt(letter);
                if (opt == null) {
                    throw new UsageException("unknown option -" + letter);
                }
                String rest = letters.substring(i + 1);
                if (opt.arity == Arity.NONE) {
                    take(opt, null);
                } else {
                    take(opt, rest.isEmpty() ? null : rest);
                    return;
                }
            }
        }

        /** Records {@code opt}; a value it needs and did not have glued comes from the next arg. */
        private void take(Opt opt, @Nullable String glued) throws UsageException {
            String value = glued;
            if (value == null && opt.arity == Arity.REQUIRED) {
                if (next >= args.size()) {
                    throw new UsageException("option " + describe(opt) + " needs a value");
                }
                value = args.get(next++);
            } else if (value == null && opt.arity == Arity.OPTIONAL) {
                // popt's optional argument: the next word, unless it is another option.
                if (next < args.size() && !args.get(next).startsWith("-")) {
                    value = args.get(next++);
                }
            }
            Opt key = opt == Opt.UDP_SERVICE ? Opt.SERVICE : opt;
            boolean forwarding =
                    opt == Opt.GATEWAYING || opt == Opt.IPIP || opt == Opt.MASQUERADING;
            if (values.containsKey(key)
                    || (key == Opt.SERVICE && serviceOption != null)
                    || (forwarding && forwardingOption != null)) {
                throw new UsageException("multiple '" + opt.name + "' options specified");
            }
            if (key == Opt.SERVICE) {
                serviceOption = opt;
            }
            if (forwarding) {
                forwardingOption = opt;
            }
            values.put(key, value == null ? "" : value);
        }

        /** ipvsadm's --set takes the next three words: tcp, tcpfin and udp seconds. */
        private IpvsadmInvocation.Timeouts timeouts(@Nullable String glued) throws UsageException {
            long[] values = new long[3];
            for (int i = 0; i < 3; i++) {
                String word;
                if (i == 0 && glued != null) {
                    word = glued;
                } else if (next < args.size() && !args.get(next).startsWith("-")) {
                    word = args.get(next++);
                } else {
                    throw new UsageException("--set option requires 3 timeout values");
                }
                values[i] = timeout(word);
            }
            return new IpvsadmInvocation.Timeouts(values[0], values[1], values[2]);
        }

        private void setVerb(Verb command) throws UsageException {
            if (verb != null) {
                throw new UsageException("multiple commands specified");
            }
            verb = command;
        }

        private IpvsadmInvocation build(Verb command) throws UsageException {
            ServiceKey service = null;
            if (serviceOption != null) {
                ServiceProtocol protocol =
                        serviceOption == Opt.UDP_SERVICE
                                ? ServiceProtocol.UDP
                                : ServiceProtocol.TCP;
                service = service(protocol, values.get(Opt.SERVICE));
            }
            String realAddress = null;
            int realPort = 0;
            String real = values.get(Opt.REAL_SERVER);
            if (real != null) {
                var hostPort =
                        AddressPort.parse(
                                real, false, "illegal real server address[:port] specified");
                realAddress = hostPort.address();
                realPort = hostPort.port();
            }
            Integer persistence = null;
            String timeout = values.get(Opt.PERSISTENT);
            if (timeout != null) {
                persistence =
                        timeout.isEmpty()
                                ? 300
                                : number(
                                        timeout,
                                        1,
                                        Integer.MAX_VALUE,
                                        "illegal timeout for persistent service");
            }
            String netmask = values.get(Opt.NETMASK);
            if (netmask != null) {
                checkNetmask(netmask);
            }
            Forwarding forwarding =
                    forwardingOption == null
                            ? null
                            : switch (forwardingOption) {
                                case MASQUERADING -> Forwarding.MASQ;
                                case IPIP -> Forwarding.TUNNEL;
                                default -> Forwarding.ROUTE;
                            };
            String scheduler = values.get(Opt.SCHEDULER);
            if (scheduler != null && !scheduler.matches("[a-z][a-z0-9_]*")) {
                throw new UsageException("illegal scheduler '" + scheduler + "' specified");
            }
            return new IpvsadmInvocation(
                    command,
                    service,
                    scheduler,
                    persistence,
                    netmask,
                    realAddress,
                    realPort,
                    forwarding,
                    optionalNumber(Opt.WEIGHT, 0, 65535, "illegal weight specified"),
                    optionalNumber(
                            Opt.U_THRESHOLD, 0, Integer.MAX_VALUE, "illegal u_threshold specified"),
                    optionalNumber(
                            Opt.L_THRESHOLD, 0, Integer.MAX_VALUE, "illegal l_threshold specified"),
                    new IpvsadmFormat(
                            values.containsKey(Opt.NUMERIC),
                            values.containsKey(Opt.EXACT),
                            values.containsKey(Opt.STATS),
                            values.containsKey(Opt.RATE),
                            values.containsKey(Opt.THRESHOLDS),
                            values.containsKey(Opt.PERSISTENT_CONN),
                            values.containsKey(Opt.SORT),
                            values.containsKey(Opt.CONNECTION)),
                    timeouts,
                    values.containsKey(Opt.TIMEOUT));
        }

        private @Nullable Integer optionalNumber(Opt opt, int min, int max, String message)
                throws UsageException {
            String text = values.get(opt);
            return text == null ? null : number(text, min, max, message);
        }
    }

    private static ServiceKey service(ServiceProtocol protocol, @Nullable String text)
            throws UsageException {
        String message = "illegal virtual server address[:port] specified";
        var hostPort = AddressPort.parse(text == null ? "" : text, true, message);
        return new ServiceKey(protocol, hostPort.address(), hostPort.port());
    }

    private static void checkNetmask(String text) throws UsageException {
        String message = "illegal virtual server netmask specified";
        if (text.matches("\\d{1,3}")) {
            number(text, 1, 128, message);
            return;
        }
        InetAddress mask = AddressPort.literal(text, message);
        if (!(mask instanceof Inet4Address)) {
            throw new UsageException(message);
        }
        byte[] b = mask.getAddress();
        int bits =
                ((b[0] & 0xff) << 24)
                        | ((b[1] & 0xff) << 16)
                        | ((b[2] & 0xff) << 8)
                        | (b[3] & 0xff);
        // A netmask is ones then zeros: its complement plus one is a power of two.
        int inverted = ~bits;
        if ((inverted & (inverted + 1)) != 0) {
            throw new UsageException(message);
        }
    }

    static int number(String text, int min, int max, String message) throws UsageException {
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new UsageException(message);
        }
        if (value < min || value > max) {
            throw new UsageException(message);
        }
        return (int) value;
    }

    private static long timeout(String word) throws UsageException {
        try {
            long value = Long.parseLong(word);
            if (value >= 0 && value <= MAX_TIMEOUT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("invalid timeout value `" + word + "' specified");
    }

    private static String describe(Opt opt) {
        return opt.letter == '\0' ? "--" + opt.longName : "-" + opt.letter;
    }

    private static @Nullable Verb shortVerb(char letter) {
        return switch (letter) {
            case 'A' -> Verb.ADD_SERVICE;
            case 'E' -> Verb.EDIT_SERVICE;
            case 'D' -> Verb.DELETE_SERVICE;
            case 'a' -> Verb.ADD_SERVER;
            case 'e' -> Verb.EDIT_SERVER;
            case 'd' -> Verb.DELETE_SERVER;
            case 'C' -> Verb.FLUSH;
            case 'Z' -> Verb.ZERO;
            case 'L', 'l' -> Verb.LIST;
            case 'S' -> Verb.SAVE;
            case 'R' -> Verb.RESTORE;
            case 'h' -> Verb.HELP;
            case 'v' -> Verb.VERSION;
            default -> null;
        };
    }

    private static @Nullable Verb longVerb(String name) {
        return switch (name) {
            case "add-service" -> Verb.ADD_SERVICE;
            case "edit-service" -> Verb.EDIT_SERVICE;
            case "delete-service" -> Verb.DELETE_SERVICE;
            case "add-server" -> Verb.ADD_SERVER;
            case "edit-server" -> Verb.EDIT_SERVER;
            case "delete-server" -> Verb.DELETE_SERVER;
            case "clear" -> Verb.FLUSH;
            case "zero" -> Verb.ZERO;
            case "list" -> Verb.LIST;
            case "save" -> Verb.SAVE;
            case "restore" -> Verb.RESTORE;
            case "help" -> Verb.HELP;
            case "version" -> Verb.VERSION;
            case "set" -> Verb.SET;
            default -> null;
        };
    }

    private static @Nullable Opt shortOpt(char letter) {
        for (Opt opt : Opt.values()) {
            if (opt.letter == letter) {
                return opt;
            }
        }
        return null;
    }

    /** An address literal and port from {@code IP[:PORT]} or {@code [IPv6][:PORT]}; no DNS. */
    record AddressPort(String address, int port) {

        static AddressPort parse(String text, boolean portRequired, String message)
                throws UsageException {
            String host;
            String port = null;
            if (text.startsWith("[")) {
                int close = text.indexOf(']');
                if (close < 0) {
                    throw new UsageException(message);
                }
                host = text.substring(1, close);
                String after = text.substring(close + 1);
                if (after.startsWith(":")) {
                    port = after.substring(1);
                } else if (!after.isEmpty()) {
                    throw new UsageException(message);
                }
                if (!(literal(host, message) instanceof Inet6Address)) {
                    throw new UsageException(message);
                }
            } else {
                int colon = text.indexOf(':');
                host = colon < 0 ? text : text.substring(0, colon);
                port = colon < 0 ? null : text.substring(colon + 1);
                if (!(literal(host, message) instanceof Inet4Address)) {
                    throw new UsageException(message);
                }
            }
            if (port == null) {
                if (portRequired) {
                    throw new UsageException(message + " (a port is needed: IP:PORT)");
                }
                return new AddressPort(host.toLowerCase(Locale.ROOT), 0);
            }
            return new AddressPort(host.toLowerCase(Locale.ROOT), number(port, 1, 65535, message));
        }

        /** Parses an IP literal without ever asking DNS (ipvsadm would resolve host names). */
        static InetAddress literal(String text, String message) throws UsageException {
            try {
                return InetAddress.ofLiteral(text);
            } catch (IllegalArgumentException e) {
                throw new UsageException(message);
            }
        }
    }
}
