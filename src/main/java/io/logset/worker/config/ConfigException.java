package io.logset.worker.config;

import java.util.List;

/**
 * Thrown when the environment does not describe a valid worker. Each problem is one line that names the
 * variable and says what to do; no line contains a secret.
 */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    ConfigException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
