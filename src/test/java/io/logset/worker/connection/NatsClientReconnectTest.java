package io.logset.worker.connection;

import io.logset.worker.support.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Checks that every NATS client connection sends again after the server restarts, which the worker needs from
 * jnats. In jnats 2.25.1 the connection's writer could take its end-of-reconnect marker from the queue before the
 * reconnecting thread switched the writer to wait for that marker, and then wait for it forever. Such a connection
 * reported CONNECTED and still received messages, but sent nothing (no publish, request, ack or PONG) until the
 * server closed it as stale minutes later. jnats 2.25.2 switches the mode before it queues the marker. Against
 * 2.25.1 this test found stuck connections in the first or second restart of each of 3 runs.
 */
class NatsClientReconnectTest {

    private static final int CONNECTIONS = 8;
    private static final int RESTARTS = 8;
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);

    @Test
    void everyConnectionSendsAfterRestarts() throws Exception {
        try (NatsServer nats = NatsServer.start()) {
            List<Connection> connections = new ArrayList<>();
            AtomicBoolean publishing = new AtomicBoolean(true);
            List<Thread> publishers = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    Connection connection = connect(nats, "client-" + i);
                    connections.add(connection);
                    // Publishing keeps the client threads busy, as in a worker under load, because the race needs
                    // the reconnecting thread to be descheduled at the wrong moment.
                    publishers.add(Thread.ofPlatform().name("publisher-" + i).start(() -> publish(connection,
                            publishing)));
                }

                int stuck = 0;
                for (int restart = 0; restart < RESTARTS; restart++) {
                    nats.stop();
                    for (Connection connection : connections) {
                        awaitStatus(connection, false);
                    }
                    nats.restart();
                    for (Connection connection : connections) {
                        awaitStatus(connection, true);
                        if (!flushes(connection)) {
                            stuck++;
                            System.out.printf("restart %d: %s connected but sends nothing%n", restart + 1,
                                    connection.getOptions().getConnectionName());
                        }
                    }
                }
                assertEquals(0, stuck, "connections that sent nothing after a reconnect");
            } finally {
                publishing.set(false);
                for (Thread publisher : publishers) {
                    publisher.join(5_000);
                }
                for (Connection connection : connections) {
                    connection.close();
                }
            }
        }
    }

    private static Connection connect(NatsServer nats, String name) throws Exception {
        Options options = new Options.Builder()
                .server(nats.url())
                .connectionName(name)
                .authHandler(Nats.staticCredentials(null, nats.seed().toCharArray()))
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(100))
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        return Nats.connect(options);
    }

    private static void publish(Connection connection, AtomicBoolean publishing) {
        byte[] payload = new byte[64];
        while (publishing.get()) {
            try {
                connection.publish("load.test", payload);
                Thread.sleep(5);
            } catch (IllegalStateException bufferFull) {
                // Publishing resumes once the connection is back.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Waits until the client has noticed the stop, or the restart, so that a flush tests the new socket. */
    private static void awaitStatus(Connection connection, boolean connected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (isConnected(connection) != connected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(connected, isConnected(connection), connection.getOptions().getConnectionName()
                + " connected, status " + connection.getStatus());
    }

    private static boolean isConnected(Connection connection) {
        return connection.getStatus() == Connection.Status.CONNECTED;
    }

    /** Sends a PING and returns whether its PONG came back in time. */
    private static boolean flushes(Connection connection) throws InterruptedException {
        try {
            connection.flush(FLUSH_TIMEOUT);
            return true;
        } catch (TimeoutException | IllegalStateException e) {
            // A stuck writer leaves the PING in the outgoing queue, or the queue full of publishes.
            return false;
        }
    }
}
