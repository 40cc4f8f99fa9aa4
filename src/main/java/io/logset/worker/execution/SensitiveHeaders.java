package io.logset.worker.execution;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Hides the values of headers that carry credentials before headers reach a log line. */
public final class SensitiveHeaders {

    /** Header names, in lower case, whose values are credentials or session tokens. */
    static final Set<String> NAMES = Set.of("authorization", "proxy-authorization", "cookie", "set-cookie",
            "x-api-key", "api-key", "x-auth-token");

    public static final String REDACTED = "[redacted]";

    private SensitiveHeaders() {
    }

    public static boolean isSensitive(String name) {
        return NAMES.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Returns a copy of {@code headers} with every sensitive value replaced by {@value #REDACTED}. */
    public static Map<String, String> redact(Map<String, String> headers) {
        Map<String, String> copy = new LinkedHashMap<>();
        headers.forEach((name, value) -> copy.put(name, isSensitive(name) ? REDACTED : value));
        return copy;
    }
}
