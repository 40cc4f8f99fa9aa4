package io.logset.worker.intake;

import io.logset.worker.config.JobStreamSettings;
import io.logset.worker.connection.RateLimitedLog;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Takes jobs from the job stream's durable pull consumer. One puller thread takes every free {@link JobSlots
 * slot} and requests that many jobs at most from the server, so a node never holds more jobs than it can run and the
 * rest wait in the stream for any node. Each job runs on its own thread; while it runs, an in-progress
 * acknowledgement every third of the ack wait keeps the server from handing it to another node.
 *
 * <p>Delivery is at least once: a job is acknowledged only after its result is stored, so a job lost with a
 * node returns after the ack wait. Thread-safe; {@link #stop} and {@link #close} are called once by the worker.
 */
public final class JetStreamIntake implements Intake {

    private static final Logger log = LoggerFactory.getLogger(JetStreamIntake.class);

    /** How long one pull request waits on the server for jobs; also how soon the puller notices a stop. */
    static final Duration PULL_EXPIRES = Duration.ofSeconds(1);
    private static final Duration ERROR_PAUSE = Duration.ofSeconds(1);

    private final JetStream jetStream;
    private final JobStreamSettings settings;
    private final JobSlots slots;
    private final JobThreads threads;
    private final JobHandler handler;
    private final RateLimitedLog warnings = new RateLimitedLog(log, Duration.ofSeconds(10));
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong handedBack = new AtomicLong();
    private final ScheduledExecutorService inProgressTimer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("job-in-progress").daemon().factory());
    private volatile boolean running;
    private JetStreamSubscription subscription;
    private Thread puller;

    public JetStreamIntake(JetStream jetStream, JobStreamSettings settings, JobSlots slots, JobThreads threads,
                           JobHandler handler) {
        this.jetStream = jetStream;
        this.settings = settings;
        this.slots = slots;
        this.threads = threads;
        this.handler = handler;
    }

    /**
     * Binds the durable consumer, which {@link JobStream#ensure} created, and starts pulling.
     *
     * @throws IllegalStateException when binding fails
     */
    @Override
    public void start() {
        try {
            subscription = jetStream.subscribe(null,
                    PullSubscribeOptions.bind(settings.stream(), settings.consumer()));
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("binding consumer " + settings.consumer() + " of stream "
                    + settings.stream() + " failed: " + e.getMessage(), e);
        }
        running = true;
        puller = Thread.ofPlatform().name("job-puller").start(this::pullLoop);
        log.info("intake bound to consumer {} of stream {} ({} jobs in flight at most)", settings.consumer(),
                settings.stream(), slots.capacity());
    }

    private void pullLoop() {
        while (running) {
            try {
                if (slots.tryAcquire(PULL_EXPIRES)) {
                    int batch = 1 + slots.tryAcquireFree(slots.capacity() - 1);
                    int used = pull(batch);
                    slots.release(batch - used);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The connection is down or the consumer is unavailable; the client reconnects by itself.
                warnings.warn("pull", "pulling jobs from consumer {} failed, retrying: {}", settings.consumer(),
                        e.toString());
                pause();
            }
        }
    }

    /**
     * Asks for up to {@code batch} jobs, for which the caller holds slots, and starts each as it arrives.
     *
     * @return the number of slots used
     */
    private int pull(int batch) {
        int used = 0;
        try {
            Iterator<Message> messages = subscription.iterate(batch, PULL_EXPIRES);
            while (messages.hasNext()) {
                Message message = messages.next();
                if (!running) {
                    // Stopping: this job was on its way already, so it goes back at once instead of after the ack wait.
                    message.nak();
                    handedBack.incrementAndGet();
                    continue;
                }
                received.incrementAndGet();
                used++;
                threads.start(() -> run(message));
            }
        } catch (RuntimeException e) {
            slots.release(batch - used);
            throw e;
        }
        return used;
    }

    private void run(Message message) {
        long period = Math.max(100, settings.ackWait().toMillis() / 3);
        ScheduledFuture<?> keepAlive = inProgressTimer.scheduleAtFixedRate(() -> inProgress(message), period,
                period, TimeUnit.MILLISECONDS);
        try {
            handler.handle(new JetStreamDelivery(message));
        } finally {
            keepAlive.cancel(false);
        }
    }

    private void inProgress(Message message) {
        try {
            message.inProgress();
        } catch (RuntimeException e) {
            warnings.warn("in-progress", "extending the ack wait of a running job failed: {}", e.toString());
        }
    }

    private void pause() {
        try {
            Thread.sleep(ERROR_PAUSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops pulling: the current pull request ends within {@link #PULL_EXPIRES}, and its late jobs go back. */
    @Override
    public boolean active() {
        return running;
    }

    @Override
    public boolean stop(Duration timeout) throws InterruptedException {
        running = false;
        if (puller == null) {
            return true;
        }
        boolean stopped = puller.join(timeout.plus(PULL_EXPIRES));
        try {
            subscription.unsubscribe();
        } catch (RuntimeException e) {
            log.debug("unsubscribing from consumer {} failed: {}", settings.consumer(), e.toString());
        }
        log.info("intake stopped: no more pulls from consumer {} after {} jobs received ({} handed back unstarted)",
                settings.consumer(), received.get(), handedBack.get());
        return stopped;
    }

    @Override
    public void close() {
        inProgressTimer.shutdownNow();
    }

    @Override
    public long received() {
        return received.get();
    }

    /** Always 0: jobs wait in the stream, not in the client, so none is dropped. */
    @Override
    public long dropped() {
        return 0;
    }
}
