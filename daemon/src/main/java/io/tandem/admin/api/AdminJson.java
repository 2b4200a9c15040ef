package io.tandem.admin.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of the admin protocol, used by both ends. Unknown properties are errors, so
 * a typo in a hand-written request is reported rather than ignored. Thread-safe.
 */
public final class AdminJson {
    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .build();

    private AdminJson() {}

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads {@code json} as {@code type}.
     *
     * @throws AdminException naming the line and column where the JSON stopped making sense
     */
    public static <T> T read(String json, Class<T> type) throws AdminException {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            String at =
                    where == null
                            ? ""
                            : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            throw new AdminException(
                    "bad " + type.getSimpleName() + at + ": " + e.getOriginalMessage());
        }
    }
}
