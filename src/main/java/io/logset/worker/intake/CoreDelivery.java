package io.logset.worker.intake;

import io.nats.client.Message;
import io.nats.client.NUID;

import java.time.Duration;

/**
 * A job from the core queue subscription. Nothing can be settled: the job was handed to this node once and is
 * gone from NATS. Its id is a NUID (22 characters: a random prefix and a sequence), unique across nodes, so repeats
 * of one callback are recognisable within this delivery only; a producer that publishes the same job twice
 * produces two ids. A NUID costs far less than {@code UUID.randomUUID()}, which reads the system's secure random
 * source under a lock for every job.
 */
record CoreDelivery(Message message, String id) implements Delivery {

    static CoreDelivery of(Message message) {
        return new CoreDelivery(message, NUID.nextGlobal());
    }

    @Override
    public int deliveryCount() {
        return 1;
    }

    @Override
    public boolean redeliverable() {
        return false;
    }

    @Override
    public String replyTo() {
        return message.getReplyTo();
    }

    @Override
    public void ack() {
    }

    @Override
    public void terminate() {
    }

    @Override
    public void retryAfter(Duration delay) {
        throw new UnsupportedOperationException("a core NATS message cannot be redelivered");
    }

    @Override
    public void handBack() {
        throw new UnsupportedOperationException("a core NATS message cannot be handed back");
    }
}
