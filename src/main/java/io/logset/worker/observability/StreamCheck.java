package io.logset.worker.observability;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Checks that the result stream responds to a stream info request, for readiness. The outcome is kept for
 * {@link #MAX_AGE}, so frequent probes cost one JetStream request per interval, and a probe that arrives while
 * another one waits for JetStream gets the last outcome instead of queueing.
 *
 * <p>Thread-safe.
 */
public final class StreamCheck {

    /** How long an outcome is reused. */
    static final Duration MAX_AGE = Duration.ofSeconds(5);
    /** Below Kubernetes' default probe timeout of 1 s plus the HTTP round trip. */
    static final Duration REQUEST_TIMEOUT = Duration.ofMillis(800);

    private record Outcome(long checkedAtNanos, Optional<String> problem) {
    }

    private final JetStreamManagement jsm;
    private final String stream;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Outcome last;

    public StreamCheck(Connection connection, String stream) throws IOException {
        this.jsm = connection.jetStreamManagement(JetStreamOptions.builder().requestTimeout(REQUEST_TIMEOUT).build());
        this.stream = stream;
    }

    /** Returns why the stream is not reachable, or empty when it responded within the last {@link #MAX_AGE}. */
    public Optional<String> problem() {
        Outcome outcome = last;
        if (outcome != null && System.nanoTime() - outcome.checkedAtNanos() < MAX_AGE.toNanos()) {
            return outcome.problem();
        }
        if (!lock.tryLock()) {
            return outcome == null ? Optional.of("result stream " + stream + ": first check still running")
                    : outcome.problem();
        }
        try {
            Outcome fresh = new Outcome(System.nanoTime(), request());
            last = fresh;
            return fresh.problem();
        } finally {
            lock.unlock();
        }
    }

    private Optional<String> request() {
        try {
            jsm.getStreamInfo(stream);
            return Optional.empty();
        } catch (IOException | JetStreamApiException | IllegalStateException e) {
            return Optional.of("result stream " + stream + " not reachable: " + e.getMessage());
        }
    }
}
