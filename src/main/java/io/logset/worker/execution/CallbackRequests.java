package io.logset.worker.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.logset.worker.wire.Codecs;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the JDK request for one callback: the job's method, headers and body, sent to the checked destination,
 * with the signature headers when signing is on.
 *
 * <p>Thread-safe.
 */
final class CallbackRequests {

    /** Headers the JDK client computes itself and rejects when set; a job's values for them are dropped. */
    private static final Set<String> COMPUTED_HEADERS = Set.of("content-length", "connection");

    private final WebhookSigner signer;

    /** @param signer signs each request; {@code null} to send unsigned requests */
    CallbackRequests(WebhookSigner signer) {
        this.signer = signer;
    }

    /**
     * Builds the request.
     *
     * @param webhookId      the job's stable id for the {@code webhook-id} header
     * @param idempotencyKey value of the {@code Idempotency-Key} header, unless the job sets one; {@code null} for
     *                       none
     * @throws JobFailure of type {@link ErrorType#INVALID_JOB} when the client rejects a header or the body
     */
    HttpRequest build(HttpOption option, DestinationGuard.Destination destination, String webhookId,
                      String idempotencyKey, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(destination.uri()).timeout(timeout);
        boolean contentTypeSet = option.headers().keySet().stream().anyMatch(n -> n.equalsIgnoreCase("content-type"));
        byte[] body = body(option, contentTypeSet);
        try {
            if (destination.hostHeader() != null) {
                builder.header("Host", destination.hostHeader());
            }
            for (Map.Entry<String, String> header : option.headers().entrySet()) {
                String name = header.getKey().toLowerCase(Locale.ROOT);
                if (COMPUTED_HEADERS.contains(name)) {
                    continue;
                }
                builder.header(header.getKey(), header.getValue());
            }
            if (!contentTypeSet && hasBody(option.method())) {
                builder.header("Content-Type", "application/json");
            }
            boolean idempotencyKeySet = option.headers().keySet().stream()
                    .anyMatch(n -> n.equalsIgnoreCase(HttpCallbackClient.IDEMPOTENCY_KEY));
            if (!idempotencyKeySet && idempotencyKey != null) {
                builder.header(HttpCallbackClient.IDEMPOTENCY_KEY, idempotencyKey);
            }
            if (signer != null) {
                signer.headers(webhookId, Instant.now().getEpochSecond(), body).forEach(builder::header);
            }
            builder.method(option.method(), hasBody(option.method())
                    ? HttpRequest.BodyPublishers.ofByteArray(body) : HttpRequest.BodyPublishers.noBody());
        } catch (IllegalArgumentException e) {
            throw new JobFailure(ErrorType.INVALID_JOB, "the HTTP client rejected the request: " + e.getMessage());
        }
        return builder.build();
    }

    static boolean hasBody(String method) {
        return !method.equalsIgnoreCase("GET") && !method.equalsIgnoreCase("HEAD");
    }

    /** Returns the exact bytes sent, which the signature covers; empty for GET and HEAD. */
    private static byte[] body(HttpOption option, boolean contentTypeSet) {
        if (!hasBody(option.method())) {
            return new byte[0];
        }
        JsonNode body = option.body();
        // A string under a Content-Type the job chose (a form, plain text) is already the wire text.
        if (body != null && body.isTextual() && contentTypeSet && !isJson(option.headers())) {
            return body.textValue().getBytes(StandardCharsets.UTF_8);
        }
        try {
            return body == null ? "null".getBytes(StandardCharsets.US_ASCII) : Codecs.JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new JobFailure(ErrorType.INVALID_JOB, "option.body cannot be written as JSON: "
                    + e.getOriginalMessage());
        }
    }

    private static boolean isJson(Map<String, String> headers) {
        return headers.entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase("content-type"))
                .anyMatch(h -> h.getValue().toLowerCase(Locale.ROOT).contains("json"));
    }
}
