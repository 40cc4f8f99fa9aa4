package io.logset.worker.intake;

import io.nats.client.Message;

/** Runs one job message to its end: decoding, execution, result and reply. Called on the job's own thread. */
@FunctionalInterface
public interface JobHandler {

    /** Handles the message; must not throw for anything wrong with the job itself. */
    void handle(Message message);
}
