package io.logset.worker.execution;

import io.logset.worker.intake.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Runs a decoded job according to its mode. Today the only mode is {@code HTTP}: an HTTP callback.
 *
 * <p>Thread-safe; one instance serves every job.
 */
public final class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    /** The one mode this worker runs; producers write it in upper case. */
    public static final String MODE_HTTP = "HTTP";

    private final HttpCallbackClient http;
    private final CallbackSecurity security;

    public JobRunner(HttpCallbackClient http) {
        this(http, CallbackSecurity.defaults());
    }

    /** @param security the limits on a job's headers and the header names hidden in log lines */
    public JobRunner(HttpCallbackClient http, CallbackSecurity security) {
        this.http = http;
        this.security = security;
    }

    /** Runs the job and returns how it went; never throws for a failure of the job itself. */
    public Execution run(Job job) {
        long start = System.nanoTime();
        int attempts = 0;
        try {
            if (!job.mode().toUpperCase(Locale.ROOT).equals(MODE_HTTP)) {
                throw new JobFailure(ErrorType.UNKNOWN_MODE, "mode '" + job.mode() + "' is unknown: this worker"
                        + " runs mode " + MODE_HTTP);
            }
            HttpOption option = HttpOptionParser.parse(job.option(), security.maxHeaders(),
                    security.maxHeaderBytes());
            if (log.isDebugEnabled()) {
                log.debug("callback {} {} headers {}", option.method(), option.url(),
                        security.sensitiveHeaders().redact(option.headers()));
            }

            attempts = 1;
            CallbackResponse response = http.send(option, webhookId(job));
            return new Execution(response, null, attempts, since(start));
        } catch (JobFailure failure) {
            return new Execution(null, failure, failure.sentNothing() ? 0 : attempts, since(start));
        } catch (RuntimeException e) {
            log.error("job failed inside the worker", e);
            JobFailure failure = new JobFailure(ErrorType.INTERNAL, "the worker failed to run the job: " + e);
            return new Execution(null, failure, attempts, since(start));
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

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
