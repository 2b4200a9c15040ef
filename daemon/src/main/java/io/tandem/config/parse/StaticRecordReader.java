package io.tandem.config.parse;

import io.tandem.config.StaticRecordConfig;
import io.tandem.config.StaticRecordType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Reads {@code record OWNER TYPE DATA...}: the data is parsed by dnsjava's master-file reader, so a
 * record that loads is one the responder can serve, and names in it become absolute.
 */
final class StaticRecordReader {
    private final OwnerNames owners;
    private final ValueReader values;

    StaticRecordReader(OwnerNames owners, ValueReader values) {
        this.owners = owners;
        this.values = values;
    }

    List<StaticRecordConfig> read(List<Statement> statements) {
        List<StaticRecordConfig> out = new ArrayList<>();
        for (Statement s : statements) {
            Optional<Name> owner = owners.inZone(s.name(), s.argument(0));
            Optional<StaticRecordType> type = type(s.argument(1));
            if (owner.isEmpty() || type.isEmpty()) {
                continue;
            }
            if (type.get() == StaticRecordType.NS && !owner.get().equals(owners.zone())) {
                values.error(
                        s.argument(0),
                        "record NS: only at the zone apex (@); Tandem does not delegate"
                                + " subdomains");
                continue;
            }
            String data = data(s.arguments().subList(2, s.arguments().size()));
            try {
                Record parsed =
                        Record.fromString(
                                owner.get(),
                                Type.value(type.get().name()),
                                DClass.IN,
                                0,
                                data,
                                owners.zone());
                out.add(
                        new StaticRecordConfig(
                                owner.get().toString(),
                                type.get(),
                                parsed.rdataToString(),
                                s.position()));
            } catch (IOException | IllegalArgumentException e) {
                values.error(
                        s.argument(2),
                        "record " + type.get() + ": bad data '" + data + "' (" + reason(e) + ")");
            }
        }
        return out;
    }

    private Optional<StaticRecordType> type(Token word) {
        String text = word.text().toUpperCase(Locale.ROOT);
        if (text.equals("SOA")) {
            values.error(word, "record SOA: use the 'soa' keyword of dns_service");
            return Optional.empty();
        }
        for (StaticRecordType t : StaticRecordType.values()) {
            if (t.name().equals(text)) {
                return Optional.of(t);
            }
        }
        values.expected(
                "record",
                "a record type ("
                        + Arrays.stream(StaticRecordType.values())
                                .map(Enum::name)
                                .collect(Collectors.joining(", "))
                        + ")",
                word);
        return Optional.empty();
    }

    /** dnsjava's message without the "<none>:1: " its tokenizer puts before it. */
    private static String reason(Exception e) {
        String message = String.valueOf(e.getMessage());
        return message.replaceFirst("^<none>:\\d+: ", "");
    }

    /** The data tokens as master-file text; quoted strings keep their quotes (TXT needs them). */
    private static String data(List<Token> tokens) {
        return tokens.stream()
                .map(
                        t ->
                                t.kind() == Token.Kind.STRING
                                        ? "\""
                                                + t.text()
                                                        .replace("\\", "\\\\")
                                                        .replace("\"", "\\\"")
                                                + "\""
                                        : t.text())
                .collect(Collectors.joining(" "));
    }
}
