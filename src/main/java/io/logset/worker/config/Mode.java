package io.logset.worker.config;

import java.util.Locale;
import java.util.Optional;

/** Run mode: chooses the log format and level. */
public enum Mode {
    /** Human-readable log lines at DEBUG, for a developer's terminal. */
    DEBUG,
    /** One JSON object per log line at INFO, for a log collector. */
    RELEASE;

    /** Parses {@code debug} or {@code release}, ignoring case and surrounding blanks. */
    static Optional<Mode> parse(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "debug" -> Optional.of(DEBUG);
            case "release" -> Optional.of(RELEASE);
            default -> Optional.empty();
        };
    }

    /** Returns the name as written in the {@code MODE} variable. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
