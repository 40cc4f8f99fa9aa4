package io.logset.worker.intake;

import io.nats.client.Message;

import java.time.Duration;

/**
 * One received job message and the ways to settle it once its outcome is known. Core intake has nothing to
 * settle; JetStream intake acknowledges, terminates or hands the job back for redelivery.
 *
 * <p>Each delivery is used by the one thread that runs its job.
 */
public interface Delivery {

    Message message();

    /**
     * The job's stable id: the {@code Idempotency-Key} of its callbacks and the message id of its result, the
     * same on every attempt and redelivery that the intake can recognise.
     */
    String id();

    /** This delivery's number, 1-based: JetStream's delivered count, and always 1 for core intake. */
    int deliveryCount();

    /** Whether the job can be handed back for a later delivery, so a retry is a redelivery. */
    boolean redeliverable();

    /** The subject to send the result to, or {@code null} when the producer expects no reply. */
    String replyTo();

    /** Confirms the job after its result is stored, so it is never delivered again. */
    void ack();

    /** Ends the job for good after its final result is stored, although its outcome was retryable. */
    void terminate();

    /** Asks for a redelivery after {@code delay}, as a retry. */
    void retryAfter(Duration delay);

    /** Hands the job back for a redelivery right away, as when the worker stops before the job ends. */
    void handBack();
}
