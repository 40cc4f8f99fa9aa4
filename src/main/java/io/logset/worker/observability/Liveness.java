package io.logset.worker.observability;

import io.logset.worker.intake.JobSlots;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether this process is alive and not wedged, for Kubernetes' liveness probe, which restarts the pod when it
 * fails. It never depends on NATS: during an outage every node waits for the server, and restarting them all
 * would not help. It fails when a new virtual thread does not run within {@link #SCHEDULER_TIMEOUT} (every job
 * runs on one), or when all job slots stay taken with no job finishing for longer than the stall limit.
 *
 * <p>Thread-safe.
 */
public final class Liveness {

    static final Duration SCHEDULER_TIMEOUT = Duration.ofSeconds(1);

    private record Watch(JobSlots slots, Duration stallLimit) {
    }

    private volatile Watch watch;

    /**
     * Watches the running worker's job slots.
     *
     * @param stallLimit longer than any job can hold a slot, so that only stuck jobs exceed it
     */
    public void watch(JobSlots slots, Duration stallLimit) {
        watch = new Watch(slots, stallLimit);
    }

    /** Runs the checks; waits at most {@link #SCHEDULER_TIMEOUT}. */
    public HealthStatus check() {
        HealthStatus scheduler = checkScheduler();
        if (!scheduler.healthy()) {
            return scheduler;
        }
        Watch current = watch;
        if (current != null && current.slots().stalled(current.stallLimit())) {
            return HealthStatus.failing("stalled: all " + current.slots().capacity() + " job slots taken and none"
                    + " released for over " + current.stallLimit().toMillis() + " ms");
        }
        return HealthStatus.OK;
    }

    private static HealthStatus checkScheduler() {
        CompletableFuture<Void> ran = new CompletableFuture<>();
        Thread.ofVirtual().name("liveness-check").start(() -> ran.complete(null));
        try {
            ran.get(SCHEDULER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return HealthStatus.OK;
        } catch (TimeoutException e) {
            return HealthStatus.failing("wedged: a virtual thread did not run within "
                    + SCHEDULER_TIMEOUT.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthStatus.failing("interrupted while checking");
        } catch (ExecutionException e) {
            return HealthStatus.failing("virtual thread check failed: " + e.getCause());
        }
    }
}
