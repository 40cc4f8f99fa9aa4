package io.logset.worker.execution;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.util.Map;

/**
 * The {@code option} of an {@code HTTP} job, checked.
 *
 * @param method  the request method, such as {@code POST}; {@code GET} when the job leaves it empty
 * @param url     an absolute {@code http} or {@code https} URL with a host
 * @param headers request headers in the job's order; empty when the job has none
 * @param body    the body value, sent as JSON; {@code null} when the job has none
 */
public record HttpOption(String method, URI url, Map<String, String> headers, JsonNode body) {

    public HttpOption {
        headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
    }
}
