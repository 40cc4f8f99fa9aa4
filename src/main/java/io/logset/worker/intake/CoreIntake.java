package io.logset.worker.intake;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Takes jobs from a core NATS queue subscription: every node subscribes in the same queue group, so the server
 * hands each job to one node. The subscription's dispatcher thread takes a {@link JobSlots slot} before it
 * starts a job on a new virtual thread; while all slots are busy, messages wait in the client's pending buffer,
 * whose limits are set here, and beyond those the client drops them and reports a slow consumer.
 *
 * <p>Delivery is at most once: a job dropped by the client or lost with the node is not redelivered.
 * Thread-safe; {@link #stop} is called once by the worker.
 */
public final class CoreIntake implements Intake {

    private static final Logger log = LoggerFactory.getLogger(CoreIntake.class);

    private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(5);

    private final Connection connection;
    private final String subject;
    private final String queueGroup;
    private final long pendingMessages;
    private final long pendingBytes;
    private final JobSlots slots;
    private final JobThreads threads;
    private final JobHandler handler;
    private final AtomicLong received = new AtomicLong();
    private volatile Dispatcher dispatcher;

    public CoreIntake(Connection connection, String subject, String queueGroup, long pendingMessages,
                      long pendingBytes, JobSlots slots, JobThreads threads, JobHandler handler) {
        this.connection = connection;
        this.subject = subject;
        this.queueGroup = queueGroup;
        this.pendingMessages = pendingMessages;
        this.pendingBytes = pendingBytes;
        this.slots = slots;
        this.threads = threads;
        this.handler = handler;
    }

    /** Subscribes; jobs start arriving right after. */
    @Override
    public void start() {
        dispatcher = connection.createDispatcher(this::onMessage);
        dispatcher.setPendingLimits(pendingMessages, pendingBytes);
        dispatcher.subscribe(subject, queueGroup);
        flushSubscription();
        log.info("intake subscribed to {} in queue group {} ({} jobs in flight at most, client buffer {} messages"
                + " or {} bytes)", subject, queueGroup, slots.capacity(), pendingMessages, pendingBytes);
    }

    /**
     * Waits until the server has the subscription, so that jobs published right after start reach this node,
     * because core NATS drops a message that finds no subscriber.
     */
    private void flushSubscription() {
        try {
            connection.flush(SUBSCRIBE_TIMEOUT);
        } catch (TimeoutException | IllegalStateException e) {
            log.warn("the server did not confirm the subscription to {} within {} ms; it takes effect once"
                    + " connected: {}", subject, SUBSCRIBE_TIMEOUT.toMillis(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onMessage(Message message) throws InterruptedException {
        slots.acquire();
        received.incrementAndGet();
        threads.start(() -> handler.handle(CoreDelivery.of(message)));
    }

    /**
     * Stops taking jobs: the server stops sending at once, and the jobs already buffered in the client are still
     * started, within {@code timeout}.
     *
     * @return whether the buffered jobs were all started in time
     */
    @Override
    public boolean stop(Duration timeout) throws InterruptedException {
        if (dispatcher == null) {
            return true;
        }
        try {
            boolean drained = dispatcher.drain(timeout).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            log.info("intake stopped: unsubscribed from {} after {} jobs received", subject, received.get());
            return drained;
        } catch (ExecutionException | TimeoutException e) {
            log.warn("intake did not drain within {} ms: {}", timeout.toMillis(), e.toString());
            return false;
        } catch (IllegalStateException e) {
            // The connection is closed already, so there is nothing left to drain.
            return true;
        }
    }

    @Override
    public boolean active() {
        Dispatcher current = dispatcher;
        return current != null && current.isActive();
    }

    @Override
    public long received() {
        return received.get();
    }

    /** Jobs the client dropped because the pending buffer was full. */
    @Override
    public long dropped() {
        return dispatcher == null ? 0 : dispatcher.getDroppedCount();
    }
}
