package io.logset.worker.logging;

/** MDC keys set while a job runs, so every log line of a job carries its ids. */
public final class LogKeys {

    public static final String JOB_KEY = "job_key";
    public static final String JOB_INDEX = "job_index";
    public static final String SUBJECT = "subject";

    private LogKeys() {
    }
}
