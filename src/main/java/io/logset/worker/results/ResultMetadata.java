package io.logset.worker.results;

/**
 * The job's identity in a result, {@code data.metadata}. Fields that could not be read are empty or 0.
 * NOTE: the collector decodes these names; keep them as they are.
 */
public record ResultMetadata(String key, long index, String mode, String method, String url) {
}
