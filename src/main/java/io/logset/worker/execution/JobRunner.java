package io.logset.worker.execution;

import io.logset.worker.connection.RateLimitedLog;
import io.logset.worker.intake.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a decoded job according to its mode. Today the only mode is {@code HTTP}: an HTTP callback, retried
 * under the job's {@link RetryPolicy} when the outcome is {@link Retryable retryable}.
 *
 * <p>Thread-safe; one instance serves every job.
 */
public final class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    private static final Duration RETRY_WARNING_INTERVAL = Duration.ofSeconds(5);

    /** The one mode this worker runs; producers write it in upper case. */
    public static final String MODE_HTTP = "HTTP";

    private final HttpCallbackClient http;
    private final CallbackSecurity security;
    private final RetryPolicy defaults;
    private final RateLimitedLog retryWarnings = new RateLimitedLog(log, RETRY_WARNING_INTERVAL);

    /**
     * @param security the limits on a job's headers and the header names hidden in log lines
     * @param defaults the retry policy of jobs that set no {@code option.retry}
     */
    public JobRunner(HttpCallbackClient http, CallbackSecurity security, RetryPolicy defaults) {
        this.http = http;
        this.security = security;
        this.defaults = defaults;
    }

    /**
     * Runs the job to its final outcome, retrying in this thread: each wait sleeps the job's thread, which keeps
     * its slot. Never throws for a failure of the job itself. When the thread is interrupted during a wait, as
     * at the end of the shutdown grace period, the outcome is an {@link ErrorType#INTERRUPTED} failure.
     */
    public Execution run(Job job, String idempotencyKey) {
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            Execution execution = attempt(job, idempotencyKey, attempt, RetryPolicy.MAX_ATTEMPTS_LIMIT);
            if (!execution.retryWanted()) {
                return execution.withDuration(since(start));
            }
            logRetry(execution);
            try {
                Thread.sleep(execution.retryDelay());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                JobFailure failure = new JobFailure(ErrorType.INTERRUPTED, "the worker stopped while waiting to"
                        + " retry after attempt " + attempt + ", which ended with " + execution.summary());
                return new Execution(null, failure, attempt, since(start));
            }
        }
    }

    /**
     * Sends one attempt and decides whether another should follow, for callers that retry elsewhere, such as
     * by redelivery.
     *
     * @param attempt      this attempt's number, 1-based
     * @param attemptLimit attempts allowed by the caller, which caps the job's own policy
     */
    public Execution attempt(Job job, String idempotencyKey, int attempt, int attemptLimit) {
        long start = System.nanoTime();
        boolean sent = false;
        RetryPolicy policy = null;
        try {
            if (!job.mode().toUpperCase(Locale.ROOT).equals(MODE_HTTP)) {
                throw new JobFailure(ErrorType.UNKNOWN_MODE, "mode '" + job.mode() + "' is unknown: this worker"
                        + " runs mode " + MODE_HTTP);
            }
            HttpOption option = HttpOptionParser.parse(job.option(), security.maxHeaders(),
                    security.maxHeaderBytes());
            policy = RetryOptionParser.parse(job.option(), defaults);
            if (log.isDebugEnabled()) {
                log.debug("callback {} {} attempt {} headers {}", option.method(), option.url(), attempt,
                        security.sensitiveHeaders().redact(option.headers()));
            }

            sent = true;
            CallbackResponse response = http.send(option, webhookId(job), idempotencyKey);
            if (!Retryable.status(response.status())) {
                return new Execution(response, null, attempt, since(start));
            }
            Duration retryAfter = RetryAfter.parse(response.retryAfter(), Instant.now()).orElse(null);
            return new Execution(response, null, attempt, since(start), true,
                    nextDelay(policy, attempt, attemptLimit, retryAfter));
        } catch (JobFailure failure) {
            // A destination denied before the first request is final: nothing was sent, and a retry is denied too.
            if (failure.sentNothing()) {
                sent = false;
            }
            if (!sent || !Retryable.failure(failure)) {
                return new Execution(null, failure, sent ? attempt : 0, since(start));
            }
            // The policy was parsed before anything was sent, so it is set here.
            Duration delay = nextDelay(policy, attempt, attemptLimit, null);
            JobFailure reported = delay == null && attempt > 1
                    ? new JobFailure(failure.type(), failure.getMessage() + " (gave up after " + attempt
                            + " attempts)", true)
                    : failure;
            return new Execution(null, reported, attempt, since(start), true, delay);
        } catch (RuntimeException e) {
            log.error("job failed inside the worker", e);
            JobFailure failure = new JobFailure(ErrorType.INTERNAL, "the worker failed to run the job: " + e);
            return new Execution(null, failure, sent ? attempt : 0, since(start));
        }
    }

    /**
     * Returns the job's {@code webhook-id}: {@code <key>-<index>}, which stays the same when the same run of a job
     * is delivered again, so receivers can drop duplicates. Characters outside letters, digits and {@code ._~-}
     * are percent-encoded, so any key makes a valid header value.
     */
    static String webhookId(Job job) {
        StringBuilder id = new StringBuilder();
        for (byte b : job.key().getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '~' || c == '-';
            id.append(plain ? String.valueOf(c) : String.format("%%%02X", b & 0xff));
        }
        return id.append('-').append(job.index()).toString();
    }

    private static Duration nextDelay(RetryPolicy policy, int attempt, int attemptLimit, Duration retryAfter) {
        if (!policy.allowsAttemptAfter(attempt) || attempt >= attemptLimit) {
            return null;
        }
        return policy.delayAfter(attempt, retryAfter, ThreadLocalRandom.current());
    }

    /**
     * Logs that a retry follows {@code execution}: at most one per interval at WARN, because an outage of one
     * target fails many jobs at once, and the others at DEBUG. The job's key and index come from the MDC.
     */
    public void logRetry(Execution execution) {
        int attempt = execution.attempts();
        boolean warned = retryWarnings.warn("callback-retry", "callback attempt {} ended with {}; retrying in {} ms",
                attempt, execution.summary(), execution.retryDelay().toMillis());
        if (!warned) {
            log.debug("callback attempt {} ended with {}; retrying in {} ms", attempt, execution.summary(),
                    execution.retryDelay().toMillis());
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
