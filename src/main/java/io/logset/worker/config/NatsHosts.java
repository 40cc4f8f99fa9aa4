package io.logset.worker.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Turns one {@code NATS_HOSTS} entry into a server URL that the NATS client accepts. */
final class NatsHosts {

    static final int DEFAULT_PORT = 4222;

    private NatsHosts() {
    }

    /**
     * Normalizes {@code host:port}, {@code nats://host:port} or {@code tls://host:port}; a missing port
     * becomes 4222.
     *
     * @throws IllegalArgumentException with the reason, for a message that starts with the entry itself
     */
    static String normalize(String entry) {
        String withScheme = entry.contains("://") ? entry : "nats://" + entry;
        URI uri;
        try {
            uri = new URI(withScheme);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid server address: write host:port, nats://host:port"
                    + " or tls://host:port");
        }

        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("nats") && !scheme.equals("tls")) {
            throw new IllegalArgumentException("has the unsupported scheme '" + scheme + "': use nats:// or tls://");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("has no valid host and port: write host:port, for example 'localhost:4222'");
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("contains credentials: remove them, because NATS_NKEY authenticates");
        }
        boolean onlyAuthority = (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                && uri.getRawQuery() == null && uri.getRawFragment() == null;
        if (!onlyAuthority) {
            throw new IllegalArgumentException("has a path or query: write only scheme, host and port");
        }

        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("has an invalid port: use 1 to 65535");
        }
        return scheme + "://" + uri.getHost() + ":" + port;
    }
}
