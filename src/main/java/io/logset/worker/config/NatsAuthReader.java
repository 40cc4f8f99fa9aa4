package io.logset.worker.config;

import javax.net.ssl.SSLContext;
import java.nio.file.Path;

/**
 * Reads how the worker authenticates to NATS and secures the connection: exactly one of {@code NATS_NKEY} and
 * {@code NATS_CREDS}, and the optional TLS files. Problems go to the {@link ConfigReader}'s list; none of them
 * quotes a seed, a JWT or a key.
 */
final class NatsAuthReader {

    private final ConfigReader reader;

    NatsAuthReader(ConfigReader reader) {
        this.reader = reader;
    }

    /** Returns the seed and, for a credentials file, the user JWT; {@code null} after a problem. */
    CredsFile.Credentials readCredentials() {
        boolean hasNkey = reader.isSet("NATS_NKEY");
        boolean hasCreds = reader.isSet("NATS_CREDS");
        if (hasNkey && hasCreds) {
            reader.problem("NATS_NKEY, NATS_CREDS: both are set: set only one, NATS_NKEY for an NKEY user seed or"
                    + " NATS_CREDS for a credentials file");
            return null;
        }
        if (!hasNkey && !hasCreds) {
            reader.problem("NATS_NKEY: missing: set it to the NKEY user seed (it starts with SU) of a user that the"
                    + " NATS server knows, or set NATS_CREDS to a credentials file instead");
            return null;
        }
        return hasCreds ? readCredsFile() : readNkey();
    }

    private CredsFile.Credentials readCredsFile() {
        String path = reader.text("NATS_CREDS", "");
        try {
            return CredsFile.read(Path.of(path));
        } catch (IllegalArgumentException e) {
            reader.problem("NATS_CREDS: '" + path + "' " + e.getMessage());
            return null;
        }
    }

    private CredsFile.Credentials readNkey() {
        try {
            return new CredsFile.Credentials(null, NkeySeed.parse(reader.raw("NATS_NKEY")));
        } catch (IllegalArgumentException e) {
            reader.problem("NATS_NKEY: the value " + e.getMessage() + ": set it to an NKEY user seed, such as"
                    + " the one 'nsc' or 'nk -gen user' prints");
            return null;
        }
    }

    /**
     * Returns the TLS context for the connection: from the TLS files when set, with the JVM's trust store when
     * only a {@code tls://} host asks for TLS, and {@code null} for plain connections or after a problem.
     */
    SSLContext readTls(boolean tlsHost) {
        Path ca = path("NATS_TLS_CA");
        Path cert = path("NATS_TLS_CERT");
        Path key = path("NATS_TLS_KEY");
        if ((cert == null) != (key == null)) {
            reader.problem((cert == null ? "NATS_TLS_KEY" : "NATS_TLS_CERT") + ": set without "
                    + (cert == null ? "NATS_TLS_CERT" : "NATS_TLS_KEY") + ": set both for mutual TLS, or neither");
            return null;
        }
        if (ca == null && cert == null && !tlsHost) {
            return null;
        }
        try {
            return TlsFiles.context(ca, cert, key);
        } catch (IllegalArgumentException e) {
            reader.problem(e.getMessage());
            return null;
        }
    }

    private Path path(String name) {
        return reader.isSet(name) ? Path.of(reader.text(name, "")) : null;
    }
}
