package io.logset.worker.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Hides the values of headers that carry credentials before headers reach a log line or a stored result.
 *
 * <p>Immutable and thread-safe.
 */
public final class SensitiveHeaders {

    /** Header names, in lower case, whose values are credentials or session tokens. */
    static final Set<String> NAMES = Set.of("authorization", "proxy-authorization", "cookie", "set-cookie",
            "x-api-key", "api-key", "x-auth-token");

    public static final String REDACTED = "[redacted]";

    /** The built-in names only. */
    public static final SensitiveHeaders DEFAULT = new SensitiveHeaders(NAMES);

    private final Set<String> names;

    private SensitiveHeaders(Set<String> names) {
        this.names = Set.copyOf(names);
    }

    /** The built-in names plus {@code extra} ({@code REDACT_HEADERS}), compared without case. */
    public static SensitiveHeaders withExtra(Collection<String> extra) {
        Set<String> names = new HashSet<>(NAMES);
        extra.forEach(name -> names.add(name.strip().toLowerCase(Locale.ROOT)));
        return new SensitiveHeaders(names);
    }

    public boolean isSensitive(String name) {
        return names.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Returns a copy of {@code headers} with every sensitive value replaced by {@value #REDACTED}. */
    public Map<String, String> redact(Map<String, String> headers) {
        Map<String, String> copy = new LinkedHashMap<>();
        headers.forEach((name, value) -> copy.put(name, isSensitive(name) ? REDACTED : value));
        return copy;
    }

    /**
     * Returns a copy of a job's {@code option.headers} map with every sensitive value replaced by
     * {@value #REDACTED}, whatever its type; anything but a map is returned as it is.
     */
    public JsonNode redact(JsonNode headers) {
        if (headers == null || !headers.isObject()) {
            return headers;
        }
        ObjectNode copy = headers.deepCopy();
        headers.fieldNames().forEachRemaining(name -> {
            if (isSensitive(name)) {
                copy.put(name, REDACTED);
            }
        });
        return copy;
    }
}
