package io.logset.worker.connection;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs the NATS client's connection events and errors, and counts reconnects and dropped messages.
 * Connection state changes log at INFO; repeated errors during an outage are rate-limited.
 *
 * <p>Thread-safe: the client calls it from its own threads.
 */
public final class ConnectionEvents implements ConnectionListener, ErrorListener {

    private static final Logger log = LoggerFactory.getLogger(ConnectionEvents.class);
    private static final Duration WARNING_INTERVAL = Duration.ofSeconds(10);

    private final RateLimitedLog warnings = new RateLimitedLog(log, WARNING_INTERVAL);
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong slowConsumerEvents = new AtomicLong();
    private volatile boolean connected;
    private volatile boolean everConnected;
    private volatile Connection connection;

    @Override
    public void connectionEvent(Connection connection, Events event) {
        this.connection = connection;
        String url = connection.getConnectedUrl();
        switch (event) {
            case CONNECTED -> {
                everConnected = true;
                connected = true;
                log.info("NATS connected to {}", url);
            }
            case RECONNECTED -> {
                // When no server accepted the first connect, the client reports its first success as a reconnect.
                if (everConnected) {
                    reconnects.incrementAndGet();
                    log.info("NATS reconnected to {}", url);
                } else {
                    log.info("NATS connected to {}", url);
                }
                everConnected = true;
                connected = true;
            }
            case DISCONNECTED -> {
                if (connected) {
                    log.warn("NATS disconnected from {}; reconnecting without limit", lastServer(connection));
                } else {
                    warnings.warn("not-connected", "NATS is not reachable yet; retrying without limit");
                }
                connected = false;
            }
            case CLOSED -> {
                connected = false;
                log.info("NATS connection closed");
            }
            case RESUBSCRIBED -> log.info("NATS subscriptions restored on {}", url);
            case LAME_DUCK -> log.warn("NATS server {} entered lame duck mode; the client will move to another"
                    + " server", url);
            default -> log.debug("NATS connection event {} on {}", event, url);
        }
    }

    @Override
    public void errorOccurred(Connection connection, String error) {
        warnings.warn("server-error", "NATS server reported an error: {}", error);
    }

    @Override
    public void exceptionOccurred(Connection connection, Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                warnings.warn("tls", "NATS TLS handshake failed: {}: check that NATS_TLS_CA names the CA that"
                        + " signed the server's certificate and, when the server verifies clients, that NATS_TLS_CERT"
                        + " and NATS_TLS_KEY are set", cause.getMessage());
                return;
            }
        }
        warnings.warn("exception:" + exception.getClass().getName(), "NATS client error: {}: {}",
                exception.getClass().getSimpleName(), exception.getMessage());
    }

    @Override
    public void slowConsumerDetected(Connection connection, Consumer consumer) {
        slowConsumerEvents.incrementAndGet();
        warnings.warn("slow-consumer", "NATS slow consumer: the subscription's pending limit was reached and the"
                + " client dropped jobs ({} dropped so far); raise MAX_IN_FLIGHT or add replicas",
                consumer.getDroppedCount());
    }

    /**
     * Blocks until the client reports a connection and returns it. When interrupted, closes the connection the
     * client is still trying to establish, so that its retry loop ends too.
     */
    public Connection awaitConnection() throws InterruptedException {
        try {
            while (!connected) {
                Thread.sleep(50);
            }
            return connection;
        } catch (InterruptedException e) {
            Connection pending = connection;
            if (pending != null) {
                pending.close();
            }
            throw e;
        }
    }

    /** Whether the client is connected right now. */
    public boolean connected() {
        return connected;
    }

    /** Reconnects since start. */
    public long reconnects() {
        return reconnects.get();
    }

    /** Times the client reported a slow consumer since start. */
    public long slowConsumerEvents() {
        return slowConsumerEvents.get();
    }

    private static String lastServer(Connection connection) {
        String url = connection.getConnectedUrl();
        return url == null ? "the server" : url;
    }
}
