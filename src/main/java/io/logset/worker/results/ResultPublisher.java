package io.logset.worker.results;

import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes results to the result stream and waits for JetStream's acknowledgement. A failed publish is
 * retried with exponential backoff until a deadline, under one message id, so a retry that reaches the stream
 * twice is stored once. Each caller blocks its own (virtual) thread, and callers are bounded by the number of
 * jobs in flight, so results waiting for a retry are bounded too.
 *
 * <p>Thread-safe.
 */
public final class ResultPublisher {

    private static final Logger log = LoggerFactory.getLogger(ResultPublisher.class);

    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final JetStream jetStream;
    private final String subject;
    private final String stream;
    private final Duration deadline;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong givenUp = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();

    /**
     * @param deadline how long one result may keep retrying before it is given up
     */
    public ResultPublisher(JetStream jetStream, String subject, String stream, Duration deadline) {
        this.jetStream = jetStream;
        this.subject = subject;
        this.stream = stream;
        this.deadline = deadline;
    }

    /**
     * Publishes one encoded result.
     *
     * @param messageId a stable id for the result, used by JetStream to drop duplicates of a retried publish
     * @param jobLabel  the job's key and index, for log lines
     * @return whether the stream stored the result
     */
    public boolean publish(byte[] result, String messageId, String jobLabel) throws InterruptedException {
        PublishOptions options = PublishOptions.builder().expectedStream(stream).messageId(messageId).build();
        long giveUpAt = System.nanoTime() + deadline.toNanos();
        Duration backoff = FIRST_BACKOFF;

        for (int attempt = 1; ; attempt++) {
            try {
                PublishAck ack = jetStream.publish(subject, result, options);
                published.incrementAndGet();
                if (ack.isDuplicate()) {
                    log.debug("result of job {} was already stored (duplicate message id)", jobLabel);
                }
                return true;
            } catch (IOException | JetStreamApiException | IllegalStateException e) {
                failedAttempts.incrementAndGet();
                if (System.nanoTime() + backoff.toNanos() > giveUpAt) {
                    givenUp.incrementAndGet();
                    log.error("result of job {} given up after {} publish attempts over {} ms: {}", jobLabel,
                            attempt, deadline.toMillis(), e.toString());
                    return false;
                }
                log.warn("publishing the result of job {} failed (attempt {}), retrying in {} ms: {}", jobLabel,
                        attempt, backoff.toMillis(), e.toString());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    public long published() {
        return published.get();
    }

    /** Publish attempts that failed since start, whether or not a later attempt stored the result. */
    public long failedAttempts() {
        return failedAttempts.get();
    }

    /** Results dropped after the deadline since start. */
    public long givenUp() {
        return givenUp.get();
    }
}
