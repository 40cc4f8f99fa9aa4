package io.logset.worker;

import io.logset.worker.config.WorkerConfig;
import io.logset.worker.connection.ConnectionEvents;
import io.logset.worker.connection.NatsConnector;
import io.logset.worker.connection.RateLimitedLog;
import io.logset.worker.execution.CallbackSecurity;
import io.logset.worker.execution.HostResolver;
import io.logset.worker.execution.HttpCallbackClient;
import io.logset.worker.execution.JobRunner;
import io.logset.worker.config.IntakeMode;
import io.logset.worker.intake.CoreIntake;
import io.logset.worker.intake.Intake;
import io.logset.worker.intake.JetStreamIntake;
import io.logset.worker.intake.JobDecoder;
import io.logset.worker.intake.JobStream;
import io.logset.worker.intake.JobSlots;
import io.logset.worker.intake.JobThreads;
import io.logset.worker.observability.MetricsBinder;
import io.logset.worker.observability.Observability;
import io.logset.worker.observability.StreamCheck;
import io.logset.worker.observability.WorkerMetrics;
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
    /**
     * Time that jobs interrupted at the end of the grace period get to settle: a core job stores its interrupted
     * result, a JetStream job is handed back. SHUTDOWN_GRACE plus this stays below Kubernetes' 30 s default.
     */
    static final Duration INTERRUPT_GRACE = Duration.ofSeconds(3);

    private final WorkerConfig config;
    private final ConnectionEvents events;
    private final Connection connection;
    private final JobSlots slots;
    private final JobThreads threads;
    private final Intake intake;
    private final ResultPublisher publisher;
    private final Observability observability;
    private final boolean ownsObservability;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Worker(WorkerConfig config, ConnectionEvents events, Connection connection, JobSlots slots,
                   JobThreads threads, Intake intake, ResultPublisher publisher, Observability observability,
                   boolean ownsObservability) {
        this.config = config;
        this.events = events;
        this.connection = connection;
        this.slots = slots;
        this.threads = threads;
        this.intake = intake;
        this.publisher = publisher;
        this.observability = observability;
        this.ownsObservability = ownsObservability;
    }

    /**
     * Connects to NATS (waiting for a server without limit), makes sure the result stream exists, and
     * subscribes to the job subject, or with {@code INTAKE=jetstream} makes sure the job stream and consumer
     * exist and binds the consumer.
     *
     * @throws IllegalStateException when the result stream exists with settings the collector cannot read
     * @throws InterruptedException  when interrupted while waiting for NATS
     */
    public static Worker start(WorkerConfig config, Observability observability)
            throws IOException, InterruptedException {
        return start(config, observability, false, HostResolver.SYSTEM);
    }

    /**
     * Starts a worker with metrics of its own, which it closes when it stops, and no health endpoints; see
     * {@link #start(WorkerConfig, Observability)}.
     */
    public static Worker start(WorkerConfig config) throws IOException, InterruptedException {
        return start(config, HostResolver.SYSTEM);
    }

    /** Starts as {@link #start(WorkerConfig)}, resolving callback hosts with {@code resolver}. */
    static Worker start(WorkerConfig config, HostResolver resolver) throws IOException, InterruptedException {
        Observability observability = Observability.create();
        try {
            return start(config, observability, true, resolver);
        } catch (IOException | InterruptedException | RuntimeException e) {
            observability.close();
            throw e;
        }
    }

    private static Worker start(WorkerConfig config, Observability observability, boolean ownsObservability,
                                HostResolver resolver) throws IOException, InterruptedException {
        log.info("worker {} starting in {} mode with {} intake", config.nodeName(), config.mode().label(),
                config.intake().label());
        ConnectionEvents events = new ConnectionEvents();
        MetricsBinder.bindConnection(observability.metrics().registry(), events);
        Connection connection = NatsConnector.connect(config, events);
        try {
            awaitJetStream("result stream " + config.resultStream(), () -> ResultStream.ensure(connection, config));
            if (config.intake() == IntakeMode.JETSTREAM) {
                awaitJetStream("job stream " + config.jobStream().stream(),
                        () -> JobStream.ensure(connection.jetStreamManagement(), config.jobStream()));
            }

            ResultPublisher publisher = new ResultPublisher(connection.jetStream(), config.resultSubject(),
                    config.resultStream(), RESULT_PUBLISH_DEADLINE);
            CallbackSecurity callback = config.callback();
            JobRunner runner = new JobRunner(new HttpCallbackClient(config.callbackTimeout(),
                    config.maxResponseBytes(), callback, resolver), callback, config.retry());
            ResultBuilder results = new ResultBuilder(config.nodeName(),
                    callback.redactResultHeaders() ? callback.sensitiveHeaders() : null);
            JobFlow flow = new JobFlow(connection, new JobDecoder(config.jobMaxBytes()), runner, results, publisher,
                    observability.metrics(), config.jobStream().maxDeliver());

            JobSlots slots = new JobSlots(config.maxInFlight());
            JobThreads threads = new JobThreads(slots);
            Intake intake = config.intake() == IntakeMode.JETSTREAM
                    ? new JetStreamIntake(connection.jetStream(), config.jobStream(), slots, threads, flow)
                    : new CoreIntake(connection, config.jobSubject(), config.queueGroup(), config.pendingMessages(),
                            config.pendingBytes(), slots, threads, flow);
            MetricsBinder.bindIntake(observability.metrics().registry(), intake, slots);
            MetricsBinder.bindResults(observability.metrics().registry(), publisher);
            observability.liveness().watch(slots, jobStallLimit(config));
            StreamCheck streamCheck = new StreamCheck(connection, config.resultStream());
            intake.start();
            observability.readiness().attach(events::connected, intake::active, streamCheck::problem);
            log.info("worker {} started", config.nodeName());
            return new Worker(config, events, connection, slots, threads, intake, publisher, observability,
                    ownsObservability);
        } catch (IOException | InterruptedException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** A JetStream set-up step that fails while JetStream is not responding yet. */
    @FunctionalInterface
    private interface JetStreamStep {
        void run() throws IOException, JetStreamApiException;
    }

    /**
     * Runs a set-up step, retrying while JetStream is not responding, as happens for a few seconds after a server
     * or cluster starts.
     */
    private static void awaitJetStream(String what, JetStreamStep step) throws InterruptedException {
        RateLimitedLog warnings = new RateLimitedLog(log, Duration.ofSeconds(30));
        while (true) {
            try {
                step.run();
                return;
            } catch (IOException | JetStreamApiException e) {
                warnings.warn(what, "{} is not reachable yet, retrying every {} s: {}", what,
                        STREAM_RETRY_WAIT.toSeconds(), e.toString());
                Thread.sleep(STREAM_RETRY_WAIT.toMillis());
            }
        }
    }

    /**
     * Returns the longest a job can hold a slot before liveness reports the node stalled: the callback timeout
     * for every attempt the retry policy allows, the waits between them at their maximum, and the result publish
     * deadline, with a minute to spare. A change that lets one job run longer must raise it, or busy nodes get
     * restarted.
     */
    // TODO: a job's own option.retry may allow longer than RETRY_*; with the core intake such jobs alone filling
    // every slot past this limit would fail liveness.
    static Duration jobStallLimit(WorkerConfig config) {
        int attempts = config.retry().maxAttempts();
        return config.callbackTimeout().multipliedBy(attempts)
                .plus(config.retry().maxDelay().multipliedBy(attempts - 1))
                .plus(RESULT_PUBLISH_DEADLINE)
                .plus(Duration.ofMinutes(1));
    }

    /**
     * Stops the worker: no new jobs, running jobs get up to {@code grace} to finish and store their results,
     * then the connection is flushed and closed. Jobs still running at the end of the grace period are
     * interrupted: a core job stores an {@code interrupted} error result, and a JetStream job is handed back for
     * redelivery; they get {@link #INTERRUPT_GRACE} for that.
     */
    public void close(Duration grace) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        observability.readiness().startDraining();
        log.info("worker {} stopping: {} jobs running, grace period {} ms", config.nodeName(), threads.running(),
                grace.toMillis());
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            intake.stop(grace);
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (!slots.awaitIdle(left)) {
                int interrupted = threads.interruptAll();
                log.warn("{} jobs were still running at the end of the grace period; interrupted them, so that"
                        + " each {}", interrupted, config.intake() == IntakeMode.JETSTREAM
                        ? "goes back to the stream for redelivery" : "stores an interrupted result");
                if (!slots.awaitIdle(INTERRUPT_GRACE)) {
                    log.error("{} jobs did not settle within {} ms after the interrupt and have no result",
                            threads.running(), INTERRUPT_GRACE.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            intake.close();
            closeConnection();
        }
        logSummary();
        if (ownsObservability) {
            observability.close();
        }
    }

    private void logSummary() {
        WorkerMetrics metrics = observability.metrics();
        log.info("worker {} stopped: {} jobs received, {} succeeded, failed by type {}, {} results stored, {}"
                        + " results given up, {} jobs dropped by the client", config.nodeName(), intake.received(),
                metrics.succeeded(), metrics.failedByType(), publisher.published(), publisher.givenUp(),
                intake.dropped());
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

    Observability observability() {
        return observability;
    }

    public Intake intake() {
        return intake;
    }

    ResultPublisher publisher() {
        return publisher;
    }
}
