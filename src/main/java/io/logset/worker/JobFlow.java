package io.logset.worker;

import io.logset.worker.execution.ErrorType;
import io.logset.worker.execution.Execution;
import io.logset.worker.execution.JobFailure;
import io.logset.worker.execution.JobRunner;
import io.logset.worker.intake.DecodedJob;
import io.logset.worker.intake.Delivery;
import io.logset.worker.intake.Encoding;
import io.logset.worker.intake.Job;
import io.logset.worker.intake.JobDecoder;
import io.logset.worker.intake.JobHandler;
import io.logset.worker.logging.LogKeys;
import io.logset.worker.observability.WorkerMetrics;
import io.logset.worker.results.JobResult;
import io.logset.worker.results.ResultBuilder;
import io.logset.worker.results.ResultEncoder;
import io.logset.worker.results.ResultPublisher;
import io.nats.client.Connection;
import io.nats.client.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.time.Instant;

/**
 * Carries one job through the worker: decode, run, build the result, store it in the result stream, reply to the
 * reply subject when there is one, and settle the delivery. Every failure becomes an error result and a log
 * line with the job's key and index; nothing is dropped silently.
 *
 * <p>Retries depend on the intake. A core delivery cannot come back, so its callback is retried here, in the
 * job's thread. A JetStream delivery runs one attempt, and a retry is a redelivery after the backoff; its last
 * delivery ({@code JOB_MAX_DELIVER}) publishes the final result and terminates the job.
 *
 * <p>Thread-safe; called on each job's own virtual thread.
 */
final class JobFlow implements JobHandler {

    private static final Logger log = LoggerFactory.getLogger(JobFlow.class);

    /** Wait before a redelivery when the job's result could not be stored. */
    static final Duration RESULT_RETRY_DELAY = Duration.ofSeconds(5);

    private final Connection connection;
    private final JobDecoder decoder;
    private final JobRunner runner;
    private final ResultBuilder results;
    private final ResultEncoder encoder = new ResultEncoder();
    private final ResultPublisher publisher;
    private final WorkerMetrics metrics;
    private final int maxDeliver;

    /**
     * @param maxDeliver deliveries a redeliverable job gets at most; its last one publishes the final result
     */
    JobFlow(Connection connection, JobDecoder decoder, JobRunner runner, ResultBuilder results,
            ResultPublisher publisher, WorkerMetrics metrics, int maxDeliver) {
        this.connection = connection;
        this.decoder = decoder;
        this.runner = runner;
        this.results = results;
        this.publisher = publisher;
        this.metrics = metrics;
        this.maxDeliver = maxDeliver;
    }

    @Override
    public void handle(Delivery delivery) {
        Message message = delivery.message();
        MDC.put(LogKeys.SUBJECT, message.getSubject());
        try {
            Encoding encoding = Encoding.detect(message.getHeaders(), message.getData());
            DecodedJob decoded = decoder.decode(message.getData(), encoding);
            Job job = decoded.job();
            // A job whose map could not be read has no ids; its lines carry none rather than an invented 0.
            if (!job.key().isEmpty()) {
                MDC.put(LogKeys.JOB_KEY, job.key());
                MDC.put(LogKeys.JOB_INDEX, Long.toString(job.index()));
            }
            String label = label(job);

            Execution execution = execute(decoded, delivery, label);
            if (execution == null) {
                return;
            }
            JobResult result = results.build(job, execution, message.getSubject(), Instant.now());
            logOutcome(label, result, message.getData().length);
            metrics.recordJob(execution);

            boolean stored = store(result, delivery, label);
            settle(delivery, execution, stored, label);
            if (delivery.replyTo() != null) {
                connection.publish(delivery.replyTo(), encoder.encode(result, encoding));
            }
        } catch (RuntimeException e) {
            log.error("job on {} failed inside the worker and has no result", message.getSubject(), e);
        } finally {
            MDC.remove(LogKeys.JOB_KEY);
            MDC.remove(LogKeys.JOB_INDEX);
            MDC.remove(LogKeys.SUBJECT);
        }
    }

    /**
     * Runs the job, or settles it for a later delivery.
     *
     * @return the outcome to publish, or {@code null} when the delivery was handed back or will be retried
     */
    private Execution execute(DecodedJob decoded, Delivery delivery, String label) {
        if (!decoded.valid()) {
            return new Execution(null, new JobFailure(ErrorType.INVALID_JOB, decoded.problem()), 0, Duration.ZERO);
        }
        if (!delivery.redeliverable()) {
            // The runner retries within this delivery, so every callback after the first is a retry.
            Execution execution = runner.run(decoded.job(), delivery.id());
            metrics.recordRetries(execution.attempts() - 1);
            return execution;
        }

        Execution execution = runner.attempt(decoded.job(), delivery.id(), delivery.deliveryCount(), maxDeliver);
        if (execution.retryWanted()) {
            metrics.recordRetries(1);
            runner.logRetry(execution);
            delivery.retryAfter(execution.retryDelay());
            return null;
        }
        if (execution.failed() && execution.failure().type() == ErrorType.INTERRUPTED) {
            log.info("job {} handed back for redelivery: the worker stopped while it ran", label);
            delivery.handBack();
            return null;
        }
        return execution;
    }

    /**
     * Publishes the result under the delivery's id. A core job interrupted at the end of the shutdown grace
     * period still stores its result, because nothing would redeliver it. The interrupt flag is restored after.
     */
    private boolean store(JobResult result, Delivery delivery, String label) {
        byte[] bytes = encoder.toMsgpack(result);
        boolean interrupted = !delivery.redeliverable() && Thread.interrupted();
        try {
            return publisher.publish(bytes, delivery.id(), label);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("publishing the result of job {} was interrupted; the result may be missing", label);
            return false;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void settle(Delivery delivery, Execution execution, boolean stored, String label) {
        if (!delivery.redeliverable()) {
            return;
        }
        if (!stored) {
            log.warn("job {} goes back for redelivery in {} ms because its result was not stored", label,
                    RESULT_RETRY_DELAY.toMillis());
            delivery.retryAfter(RESULT_RETRY_DELAY);
        } else if (execution.retriesExhausted()) {
            log.warn("job {} terminated after {} attempts; its last outcome is its result", label,
                    execution.attempts());
            delivery.terminate();
        } else {
            delivery.ack();
        }
    }

    private static void logOutcome(String label, JobResult result, int size) {
        if (result.failed()) {
            log.warn("job {} failed: {}: {}", label, result.error().type(), result.error().message());
            if (result.error().type().equals(ErrorType.INVALID_JOB.label())) {
                log.debug("invalid job {} was {} bytes", label, size);
            }
        } else {
            log.debug("job {} done: HTTP {} in {} ms after {} attempt{}{}", label, result.response().status(),
                    result.durationMillis(), result.attempts(), result.attempts() == 1 ? "" : "s",
                    result.response().truncated() ? " (response body truncated)" : "");
        }
    }

    static String label(Job job) {
        return "key=" + (job.key().isEmpty() ? "?" : job.key()) + " index=" + job.index();
    }
}
