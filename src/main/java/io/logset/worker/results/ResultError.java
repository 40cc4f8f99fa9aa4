package io.logset.worker.results;

/** Why a job failed, {@code data.error}: a type from a fixed set and a message for people. */
public record ResultError(String type, String message) {
}
