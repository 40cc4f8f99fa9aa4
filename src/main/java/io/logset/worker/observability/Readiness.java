package io.logset.worker.observability;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Whether this node should count as ready: connected to NATS, subscribed to the job subject, the result stream
 * reachable, and not shutting down. A node that is not ready still runs; readiness only shows Kubernetes (and a
 * rolling update or a disruption budget) which nodes take jobs right now.
 *
 * <p>Thread-safe: the worker attaches its parts once, the health server reads from its own threads.
 */
public final class Readiness {

    private record Parts(BooleanSupplier connected, BooleanSupplier subscribed,
                         Supplier<Optional<String>> streamProblem) {
    }

    private volatile Parts parts;
    private volatile boolean draining;

    /**
     * Attaches the running worker's checks; until then the node reports that it is starting.
     *
     * @param connected     whether the NATS connection is up
     * @param subscribed    whether the job subscription is active
     * @param streamProblem why the result stream is not reachable, or empty when it is
     */
    public void attach(BooleanSupplier connected, BooleanSupplier subscribed,
                       Supplier<Optional<String>> streamProblem) {
        parts = new Parts(connected, subscribed, streamProblem);
    }

    /** Marks the node as shutting down; it stays not ready from now on. */
    public void startDraining() {
        draining = true;
    }

    /** Runs the checks in order and returns the first that fails. May wait for one JetStream request. */
    public HealthStatus check() {
        if (draining) {
            return HealthStatus.failing("draining: the worker is shutting down");
        }
        Parts current = parts;
        if (current == null) {
            return HealthStatus.failing("starting: not connected to NATS yet");
        }
        if (!current.connected().getAsBoolean()) {
            return HealthStatus.failing("NATS disconnected: reconnecting");
        }
        if (!current.subscribed().getAsBoolean()) {
            return HealthStatus.failing("not subscribed to the job subject");
        }
        return current.streamProblem().get().map(HealthStatus::failing).orElse(HealthStatus.OK);
    }
}
