package io.logset.worker.connection;

import io.logset.worker.config.WorkerConfig;
import io.nats.client.Options;

/** Gives tests in other packages the worker's connection options, to connect once without retrying. */
public final class TestAccess {

    private TestAccess() {
    }

    public static Options options(WorkerConfig config) {
        return NatsConnector.options(config, new ConnectionEvents());
    }
}
