package io.logset.worker.intake;

/**
 * The outcome of decoding one message: the job, filled as far as it could be read, and the problem that made
 * it invalid, or {@code null} when the job is valid.
 */
public record DecodedJob(Job job, String problem) {

    public boolean valid() {
        return problem == null;
    }
}
