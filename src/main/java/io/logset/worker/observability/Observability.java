package io.logset.worker.observability;

/**
 * What a worker reports about itself: its metrics and the state behind the liveness and readiness probes.
 * Created before the worker connects, so that the health server can respond while the worker waits for NATS.
 *
 * <p>Thread-safe; {@link #close} releases the metrics.
 */
public record Observability(WorkerMetrics metrics, Liveness liveness, Readiness readiness) implements AutoCloseable {

    public static Observability create() {
        return new Observability(new WorkerMetrics(), new Liveness(), new Readiness());
    }

    @Override
    public void close() {
        metrics.close();
    }
}
