package io.logset.worker.config;

import java.util.Locale;
import java.util.Optional;

/** Where jobs come from: a core NATS queue subscription, or a durable JetStream consumer. */
public enum IntakeMode {
    /** Core queue subscription: at most once; a job lost with a node or a connection is not redelivered. */
    CORE,
    /** Work-queue stream and one shared durable pull consumer: at least once; unacknowledged jobs return. */
    JETSTREAM;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<IntakeMode> parse(String value) {
        for (IntakeMode mode : values()) {
            if (mode.label().equalsIgnoreCase(value.strip())) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
