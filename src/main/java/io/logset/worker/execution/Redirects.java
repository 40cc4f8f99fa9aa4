package io.logset.worker.execution;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Works out the next request of a redirect, by hand, because the JDK client's own redirect handling connects
 * without letting the destination policy check each hop. It follows the browsers' and Go's rules: 303, and 301
 * or 302 after a POST, turn into a GET without body; 307 and 308 repeat the method and body. A redirect to
 * another host, port or scheme drops the sensitive headers, such as {@code Authorization}.
 */
final class Redirects {

    private static final Set<Integer> REDIRECT_STATUSES = Set.of(301, 302, 303, 307, 308);

    private Redirects() {
    }

    /**
     * Returns the request to send after a response with {@code status} and {@code location}, or empty when the
     * response is not a redirect that can be followed: another status, no or an unparsable {@code Location}, or
     * a scheme other than http and https. The caller checks the new URL against the destination policy.
     */
    static Optional<HttpOption> next(HttpOption current, int status, Optional<String> location,
                                     SensitiveHeaders sensitive) {
        if (!REDIRECT_STATUSES.contains(status) || location.isEmpty()) {
            return Optional.empty();
        }
        URI target;
        try {
            target = current.url().resolve(location.get().strip());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || target.getHost() == null) {
            return Optional.empty();
        }

        boolean toGet = status == 303 || ((status == 301 || status == 302)
                && current.method().equalsIgnoreCase("POST"));
        String method = toGet && !current.method().equalsIgnoreCase("HEAD") ? "GET" : current.method();
        boolean sameOrigin = scheme.equalsIgnoreCase(current.url().getScheme())
                && target.getHost().equalsIgnoreCase(current.url().getHost())
                && port(target) == port(current.url());

        Map<String, String> headers = new LinkedHashMap<>();
        current.headers().forEach((name, value) -> {
            boolean dropForGet = toGet && name.toLowerCase(Locale.ROOT).startsWith("content-");
            boolean dropForOrigin = !sameOrigin && sensitive.isSensitive(name);
            if (!dropForGet && !dropForOrigin) {
                headers.put(name, value);
            }
        });
        return Optional.of(new HttpOption(method, target, headers, toGet ? null : current.body()));
    }

    private static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }
}
