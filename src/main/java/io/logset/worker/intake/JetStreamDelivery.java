package io.logset.worker.intake;

import io.nats.client.Message;
import io.nats.client.impl.NatsJetStreamMetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A job from the durable JetStream consumer. Its id is {@code <stream>-<stream sequence>}, which every
 * redelivery of the message shares. The acknowledgement waits for the server's confirmation; when that fails,
 * the server redelivers the job later and the result's message id keeps the stream from storing it twice.
 *
 * <p>Used by the one thread that runs the job.
 */
final class JetStreamDelivery implements Delivery {

    private static final Logger log = LoggerFactory.getLogger(JetStreamDelivery.class);
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);

    private final Message message;
    private final NatsJetStreamMetaData metaData;

    JetStreamDelivery(Message message) {
        this.message = message;
        this.metaData = message.metaData();
    }

    @Override
    public Message message() {
        return message;
    }

    @Override
    public String id() {
        return metaData.getStream() + "-" + metaData.streamSequence();
    }

    @Override
    public int deliveryCount() {
        return (int) Math.min(Integer.MAX_VALUE, metaData.deliveredCount());
    }

    @Override
    public boolean redeliverable() {
        return true;
    }

    /** None: the message's own reply subject is JetStream's acknowledgement subject, not the producer's. */
    @Override
    public String replyTo() {
        return null;
    }

    @Override
    public void ack() {
        try {
            message.ackSync(ACK_TIMEOUT);
        } catch (TimeoutException | RuntimeException e) {
            log.warn("acknowledging job {} failed; the server will deliver it again and its result is stored"
                    + " once: {}", id(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("acknowledging job {} was interrupted; the server will deliver it again", id());
        }
    }

    @Override
    public void terminate() {
        settle("terminating", message::term);
    }

    @Override
    public void retryAfter(Duration delay) {
        settle("retrying", () -> message.nakWithDelay(delay));
    }

    @Override
    public void handBack() {
        settle("handing back", message::nak);
    }

    private void settle(String action, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("{} job {} failed; the server will deliver it again after the ack wait: {}", action, id(),
                    e.toString());
        }
    }
}
