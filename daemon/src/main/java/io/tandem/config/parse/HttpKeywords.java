package io.tandem.config.parse;

import io.tandem.config.HashKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Tandem's L7 keywords of a {@code virtual_server} block; they need {@code protocol HTTP} (or
 * HTTPS). Listed in {@link VirtualServerKeywords#TABLE}.
 */
final class HttpKeywords {
    private HttpKeywords() {}

    static List<Keyword<VirtualServerDraft>> keywords() {
        List<Keyword<VirtualServerDraft>> k = new ArrayList<>();
        k.add(
                new Keyword.Supported<>(
                        "route",
                        "route NAME",
                        1,
                        1,
                        Keyword.BlockUse.REQUIRED,
                        true,
                        (s, vs, v) -> {
                            RouteDraft route = new RouteDraft(s);
                            RouteKeywords.TABLE.bind(s.children(), route, v);
                            vs.http.use(s);
                            vs.http.routes.add(route);
                        }));
        k.add(hashKey((vs, key) -> vs.http.hashKey = key));
        k.add(onOff("x_forwarded", (h, on) -> h.xForwarded = on));
        k.add(onOff("forwarded", (h, on) -> h.forwarded = on));
        k.add(
                Keyword.value(
                        "access_log",
                        "access_log PATH|off",
                        (s, vs, v) -> {
                            vs.http.use(s);
                            String text = s.argument(0).text();
                            if (text.equals("off")) {
                                vs.http.accessLog = null;
                            } else if (text.indexOf('\0') >= 0 || text.isBlank()) {
                                v.error(s.argument(0), "access_log: not a file name");
                            } else {
                                // Opened when the service starts: a file that cannot be written
                                // stops the start with its name and the reason.
                                vs.http.accessLog = Path.of(text);
                            }
                        }));
        k.add(size("max_request_line", 256, 1 << 20, (h, n) -> h.maxRequestLine = n));
        k.add(size("max_header_size", 1024, 1 << 24, (h, n) -> h.maxHeaderSize = n));
        k.add(size("max_header_count", 1, 10000, (h, n) -> h.maxHeaderCount = n));
        k.add(size("max_connections", 1, 10_000_000, (h, n) -> h.maxConnections = n));
        k.add(timeout("client_header_timeout", (h, d) -> h.clientHeaderTimeout = d));
        k.add(timeout("keepalive_timeout", (h, d) -> h.keepaliveTimeout = d));
        k.add(timeout("backend_connect_timeout", (h, d) -> h.backendConnectTimeout = d));
        k.add(timeout("backend_response_timeout", (h, d) -> h.backendResponseTimeout = d));
        k.addAll(TlsKeywords.keywords());
        return k;
    }

    /** {@code hash_key header NAME | cookie NAME}, for a virtual server or a group. */
    static <D> Keyword<D> hashKey(BiConsumer<D, HashKey> set) {
        return new Keyword.Supported<>(
                "hash_key",
                "hash_key header NAME or hash_key cookie NAME",
                2,
                2,
                Keyword.BlockUse.NONE,
                false,
                (s, d, v) -> {
                    Token source = s.argument(0);
                    HashKey.Source from =
                            switch (source.text().toLowerCase(Locale.ROOT)) {
                                case "header" -> HashKey.Source.HEADER;
                                case "cookie" -> HashKey.Source.COOKIE;
                                default -> null;
                            };
                    if (from == null) {
                        v.expected(s.name(), "header or cookie", source);
                        return;
                    }
                    if (d instanceof VirtualServerDraft vs) {
                        vs.http.use(s);
                    }
                    set.accept(d, new HashKey(from, s.argument(1).text()));
                });
    }

    private static Keyword<VirtualServerDraft> onOff(
            String name, BiConsumer<HttpDraft, Boolean> set) {
        return delegate(OnOff.keyword(name, set), vs -> vs.http);
    }

    /** A keyword of the HTTP draft, bound through the virtual server's draft. */
    private static Keyword<VirtualServerDraft> delegate(
            Keyword<HttpDraft> keyword, Function<VirtualServerDraft, HttpDraft> http) {
        Keyword.Supported<HttpDraft> k = (Keyword.Supported<HttpDraft>) keyword;
        return new Keyword.Supported<>(
                k.name(),
                k.form(),
                k.minArguments(),
                k.maxArguments(),
                k.block(),
                k.repeatable(),
                (s, vs, v) -> {
                    HttpDraft h = http.apply(vs);
                    h.use(s);
                    k.action().bind(s, h, v);
                });
    }

    private static Keyword<VirtualServerDraft> size(
            String name, int min, int max, BiConsumer<HttpDraft, Integer> set) {
        return delegate(
                Keyword.value(
                        name,
                        name + " N",
                        (s, h, v) ->
                                v.integer(s.name(), s.argument(0), min, max)
                                        .ifPresent(n -> set.accept(h, n))),
                vs -> vs.http);
    }

    private static Keyword<VirtualServerDraft> timeout(
            String name, BiConsumer<HttpDraft, Duration> set) {
        return delegate(
                Keyword.value(
                        name,
                        name + " SECONDS",
                        (s, h, v) ->
                                v.fractionalSeconds(s.name(), s.argument(0))
                                        .ifPresent(d -> set.accept(h, d))),
                vs -> vs.http);
    }
}
