package io.logset.worker.execution;

import java.util.Locale;

/** The fixed set of reasons a job fails; the name in a result's {@code error.type} is {@link #label()}. */
public enum ErrorType {
    /** The job could not be decoded or its fields are missing, of the wrong type or not allowed. */
    INVALID_JOB,
    /** The job's mode is not one this worker runs. */
    UNKNOWN_MODE,
    /** The destination policy forbids the callback's address; nothing was sent. */
    DENIED,
    /** The target refused the TCP connection. */
    CONNECTION_REFUSED,
    /** The exchange did not finish within the callback timeout. */
    TIMEOUT,
    /** Any other network failure: unknown host, reset connection, TLS handshake failure. */
    CONNECTION_ERROR,
    /** The worker was stopped while the job was running. */
    INTERRUPTED,
    /** A failure inside the worker itself; the log line has the details. */
    INTERNAL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
