package io.logset.worker;

import io.logset.worker.execution.ErrorType;
import io.logset.worker.execution.Execution;
import io.logset.worker.execution.JobFailure;
import io.logset.worker.execution.JobRunner;
import io.logset.worker.intake.DecodedJob;
import io.logset.worker.intake.Encoding;
import io.logset.worker.intake.Job;
import io.logset.worker.intake.JobDecoder;
import io.logset.worker.intake.JobHandler;
import io.logset.worker.logging.LogKeys;
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
import java.util.UUID;

/**
 * Carries one job message through the worker: decode, run, build the result, store it in the result stream and
 * answer the reply subject when there is one. Every failure becomes an error result and a log line with the
 * job's key and index; nothing is dropped silently.
 *
 * <p>Thread-safe; called on each job's own virtual thread.
 */
final class JobFlow implements JobHandler {

    private static final Logger log = LoggerFactory.getLogger(JobFlow.class);

    private final Connection connection;
    private final JobDecoder decoder;
    private final JobRunner runner;
    private final ResultBuilder results;
    private final ResultEncoder encoder = new ResultEncoder();
    private final ResultPublisher publisher;
    private final WorkerStats stats;

    JobFlow(Connection connection, JobDecoder decoder, JobRunner runner, ResultBuilder results,
            ResultPublisher publisher, WorkerStats stats) {
        this.connection = connection;
        this.decoder = decoder;
        this.runner = runner;
        this.results = results;
        this.publisher = publisher;
        this.stats = stats;
    }

    @Override
    public void handle(Message message) {
        MDC.put(LogKeys.SUBJECT, message.getSubject());
        try {
            Encoding encoding = Encoding.detect(message.getHeaders(), message.getData());
            DecodedJob decoded = decoder.decode(message.getData(), encoding);
            Job job = decoded.job();
            MDC.put(LogKeys.JOB_KEY, job.key());
            MDC.put(LogKeys.JOB_INDEX, Long.toString(job.index()));
            String label = label(job);

            Execution execution = decoded.valid()
                    ? runner.run(job)
                    : new Execution(null, new JobFailure(ErrorType.INVALID_JOB, decoded.problem()), 0, Duration.ZERO);
            JobResult result = results.build(job, execution, message.getSubject(), Instant.now());
            logOutcome(label, result, message.getData().length);
            stats.record(result);

            publisher.publish(encoder.toMsgpack(result), UUID.randomUUID().toString(), label);
            if (message.getReplyTo() != null) {
                connection.publish(message.getReplyTo(), encoder.encode(result, encoding));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("job on {} interrupted before its result was stored", message.getSubject());
        } catch (RuntimeException e) {
            log.error("job on {} failed inside the worker and has no result", message.getSubject(), e);
        } finally {
            MDC.remove(LogKeys.JOB_KEY);
            MDC.remove(LogKeys.JOB_INDEX);
            MDC.remove(LogKeys.SUBJECT);
        }
    }

    private static void logOutcome(String label, JobResult result, int size) {
        if (result.failed()) {
            log.warn("job {} failed: {}: {}", label, result.error().type(), result.error().message());
            if (result.error().type().equals(ErrorType.INVALID_JOB.label())) {
                log.debug("invalid job {} was {} bytes", label, size);
            }
        } else {
            log.debug("job {} done: HTTP {} in {} ms{}", label, result.response().status(),
                    result.durationMillis(), result.response().truncated() ? " (response body truncated)" : "");
        }
    }

    static String label(Job job) {
        return "key=" + (job.key().isEmpty() ? "?" : job.key()) + " index=" + job.index();
    }
}
