package io.logset.worker.connection;

import io.logset.worker.config.WorkerConfig;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Opens the worker's one NATS connection, authenticated with the NKEY user seed (and the user JWT of a credentials
 * file), over TLS when a {@code tls://} host or a TLS file is configured.
 */
public final class NatsConnector {

    private static final Logger log = LoggerFactory.getLogger(NatsConnector.class);

    /** Pause between rounds over the server list while no server accepts a connection. */
    static final Duration RECONNECT_WAIT = Duration.ofSeconds(1);
    static final Duration RECONNECT_JITTER = Duration.ofMillis(500);
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    /** Pings every 10 s, so a dead or wedged connection is replaced within about 30 s rather than the 2 min default. */
    static final Duration PING_INTERVAL = Duration.ofSeconds(10);
    static final int MAX_PINGS_OUT = 2;

    private NatsConnector() {
    }

    /**
     * Connects, retrying without limit until a server accepts; returns once connected. Afterwards the client
     * reconnects by itself without limit, signing each new server challenge with the seed.
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting for a server
     */
    public static Connection connect(WorkerConfig config, ConnectionEvents events) throws InterruptedException {
        Options options = options(config, events);
        log.info("NATS connecting to {} as user {}{}{}", config.natsServers(), config.nkey().publicKey(),
                config.natsUserJwt() == null ? "" : " with a user JWT", config.natsTls() == null ? "" : " over TLS");
        // The client's blocking connect ignores interrupts while it retries, so it connects on its own thread and
        // this one waits, which lets a SIGTERM stop a worker that is still waiting for NATS.
        Nats.connectAsynchronously(options, true);
        return events.awaitConnection();
    }

    static Options options(WorkerConfig config, ConnectionEvents events) {
        Options.Builder builder = new Options.Builder();
        if (config.natsTls() != null) {
            // With a context set, the client requires TLS from every server, whatever the URL's scheme. The context
            // checks the server's host name itself, because the client does not.
            builder.sslContext(config.natsTls());
        }
        return builder
                .servers(config.natsServers().toArray(String[]::new))
                .authHandler(new NkeyAuthHandler(config.nkey(), config.natsUserJwt()))
                .connectionName("worker " + config.nodeName())
                .maxReconnects(-1)
                .reconnectWait(RECONNECT_WAIT)
                .reconnectJitter(RECONNECT_JITTER)
                .connectionTimeout(CONNECTION_TIMEOUT)
                .pingInterval(PING_INTERVAL)
                .maxPingsOut(MAX_PINGS_OUT)
                .connectionListener(events)
                .errorListener(events)
                .build();
    }
}
