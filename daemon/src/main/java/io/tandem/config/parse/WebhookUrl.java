package io.tandem.config.parse;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** Checks {@code notify_webhook}: an absolute http or https URL with a host. */
final class WebhookUrl {
    private static final String FORM =
            "an http:// or https:// URL such as https://hooks.example.com/tandem";

    private WebhookUrl() {}

    static Optional<URI> parse(String keyword, Token token, ValueReader values) {
        URI uri;
        try {
            uri = new URI(token.text());
        } catch (URISyntaxException e) {
            values.error(
                    token,
                    keyword
                            + ": expected "
                            + FORM
                            + ", got '"
                            + token.text()
                            + "' ("
                            + e.getReason()
                            + ")");
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            values.expected(keyword, FORM, token);
            return Optional.empty();
        }
        if (uri.getRawUserInfo() != null) {
            // The JDK client would not send them, and they would end up in logs.
            values.error(
                    token,
                    keyword
                            + ": user:password in the URL is not supported; put a secret token"
                            + " in the path instead");
            return Optional.empty();
        }
        return Optional.of(uri);
    }
}
