package io.logset.worker.intake;

import java.time.Duration;

/** Where a node takes jobs from, started once and stopped once by the worker. */
public interface Intake {

    /** Starts taking jobs. */
    void start();

    /**
     * Stops taking new jobs at once; jobs already handed to this node are started or handed back within
     * {@code timeout}. Running jobs go on.
     *
     * @return whether the intake stopped cleanly within the timeout
     */
    boolean stop(Duration timeout) throws InterruptedException;

    /** Releases what the intake holds once no job runs any more. */
    default void close() {
    }

    /** Returns whether the intake takes jobs now: started and not stopped. */
    boolean active();

    /** Jobs received since start. */
    long received();

    /** Jobs lost inside the client before they started, such as by a full pending buffer. */
    long dropped();
}
