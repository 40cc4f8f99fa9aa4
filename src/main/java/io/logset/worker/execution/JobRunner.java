package io.logset.worker.execution;

import io.logset.worker.intake.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    public JobRunner(HttpCallbackClient http) {
        this.http = http;
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
            HttpOption option = HttpOptionParser.parse(job.option());
            if (log.isDebugEnabled()) {
                log.debug("callback {} {} headers {}", option.method(), option.url(),
                        SensitiveHeaders.redact(option.headers()));
            }

            attempts = 1;
            CallbackResponse response = http.send(option);
            return new Execution(response, null, attempts, since(start));
        } catch (JobFailure failure) {
            return new Execution(null, failure, attempts, since(start));
        } catch (RuntimeException e) {
            log.error("job failed inside the worker", e);
            JobFailure failure = new JobFailure(ErrorType.INTERNAL, "the worker failed to run the job: " + e);
            return new Execution(null, failure, attempts, since(start));
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
