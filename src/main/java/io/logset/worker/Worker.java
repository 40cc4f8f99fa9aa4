package io.logset.worker;

import io.logset.worker.config.WorkerConfig;
import io.logset.worker.connection.ConnectionEvents;
import io.logset.worker.connection.NatsConnector;
import io.logset.worker.connection.RateLimitedLog;
import io.logset.worker.execution.CallbackSecurity;
import io.logset.worker.execution.HostResolver;
import io.logset.worker.execution.HttpCallbackClient;
import io.logset.worker.execution.JobRunner;
import io.logset.worker.intake.CoreIntake;
import io.logset.worker.intake.JobDecoder;
import io.logset.worker.intake.JobSlots;
import io.logset.worker.results.ResultBuilder;
import io.logset.worker.results.ResultPublisher;
import io.logset.worker.results.ResultStream;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One worker node: its NATS connection, the result stream, and the intake that runs jobs. {@link #start}
 * returns once jobs are being taken; {@link #close} stops taking jobs, lets running jobs finish within the
 * shutdown grace period and closes the connection.
 *
 * <p>Thread-safe; close is idempotent.
 */
public final class Worker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    /** How long a result may keep retrying its publish before it is given up. */
    static final Duration RESULT_PUBLISH_DEADLINE = Duration.ofSeconds(30);
    private static final Duration STREAM_RETRY_WAIT = Duration.ofSeconds(2);

    private final WorkerConfig config;
    private final ConnectionEvents events;
    private final Connection connection;
    private final JobSlots slots;
    private final CoreIntake intake;
    private final ResultPublisher publisher;
    private final WorkerStats stats;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Worker(WorkerConfig config, ConnectionEvents events, Connection connection, JobSlots slots,
                   CoreIntake intake, ResultPublisher publisher, WorkerStats stats) {
        this.config = config;
        this.events = events;
        this.connection = connection;
        this.slots = slots;
        this.intake = intake;
        this.publisher = publisher;
        this.stats = stats;
    }

    /**
     * Connects to NATS (waiting for a server without limit), makes sure the result stream exists, and
     * subscribes to the job subject.
     *
     * @throws IllegalStateException when the result stream exists with settings the collector cannot read
     * @throws InterruptedException  when interrupted while waiting for NATS
     */
    public static Worker start(WorkerConfig config) throws IOException, InterruptedException {
        return start(config, HostResolver.SYSTEM);
    }

    /** Starts as {@link #start(WorkerConfig)}, resolving callback hosts with {@code resolver}. */
    static Worker start(WorkerConfig config, HostResolver resolver) throws IOException, InterruptedException {
        log.info("worker {} starting in {} mode", config.nodeName(), config.mode().label());
        ConnectionEvents events = new ConnectionEvents();
        Connection connection = NatsConnector.connect(config, events);
        try {
            ensureResultStream(connection, config);

            ResultPublisher publisher = new ResultPublisher(connection.jetStream(), config.resultSubject(),
                    config.resultStream(), RESULT_PUBLISH_DEADLINE);
            CallbackSecurity callback = config.callback();
            JobRunner runner = new JobRunner(new HttpCallbackClient(config.callbackTimeout(),
                    config.maxResponseBytes(), callback, resolver), callback);
            ResultBuilder results = new ResultBuilder(config.nodeName(),
                    callback.redactResultHeaders() ? callback.sensitiveHeaders() : null);
            WorkerStats stats = new WorkerStats();
            JobFlow flow = new JobFlow(connection, new JobDecoder(config.jobMaxBytes()), runner, results, publisher,
                    stats);

            JobSlots slots = new JobSlots(config.maxInFlight());
            CoreIntake intake = new CoreIntake(connection, config.jobSubject(), config.queueGroup(),
                    config.pendingMessages(), config.pendingBytes(), slots, flow);
            intake.start();
            log.info("worker {} started", config.nodeName());
            return new Worker(config, events, connection, slots, intake, publisher, stats);
        } catch (IOException | InterruptedException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Creates or checks the result stream, retrying while JetStream is not answering, as happens for a few
     * seconds after a server or cluster starts.
     */
    private static void ensureResultStream(Connection connection, WorkerConfig config)
            throws InterruptedException {
        RateLimitedLog warnings = new RateLimitedLog(log, Duration.ofSeconds(30));
        while (true) {
            try {
                ResultStream.ensure(connection, config);
                return;
            } catch (IOException | JetStreamApiException e) {
                warnings.warn("result-stream", "result stream {} is not reachable yet, retrying every {} s: {}",
                        config.resultStream(), STREAM_RETRY_WAIT.toSeconds(), e.toString());
                Thread.sleep(STREAM_RETRY_WAIT.toMillis());
            }
        }
    }

    /**
     * Stops the worker: no new jobs, running jobs get up to {@code grace} to finish and store their results,
     * then the connection is flushed and closed.
     */
    public void close(Duration grace) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.info("worker {} stopping: {} jobs in flight, grace period {} ms", config.nodeName(), slots.inFlight(),
                grace.toMillis());
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            intake.stop(grace);
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (!slots.awaitIdle(left)) {
                // TODO: jobs still running at the deadline get no result yet; they should get an interrupted error result.
                log.warn("{} jobs were still running at the end of the grace period", slots.inFlight());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeConnection();
        }
        log.info("worker {} stopped: {} jobs received, {} succeeded, failed by type {}, {} results stored, {}"
                        + " results given up, {} jobs dropped by the client", config.nodeName(), intake.received(),
                stats.succeeded(), stats.failed(), publisher.published(), publisher.givenUp(), intake.dropped());
    }

    @Override
    public void close() {
        close(config.shutdownGrace());
    }

    private void closeConnection() {
        try {
            connection.flush(Duration.ofSeconds(2));
        } catch (Exception e) {
            log.debug("flush before close failed: {}", e.toString());
        }
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the NATS connection is up right now. */
    public boolean connected() {
        return events.connected();
    }

    Connection connection() {
        return connection;
    }

    WorkerStats stats() {
        return stats;
    }

    public CoreIntake intake() {
        return intake;
    }
}
