package io.logset.worker.intake;

/** Runs one job to its end: decoding, execution, result, reply and settling. Called on the job's own thread. */
@FunctionalInterface
public interface JobHandler {

    /** Handles the delivery; must not throw for anything wrong with the job itself. */
    void handle(Delivery delivery);
}
