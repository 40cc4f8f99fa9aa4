package io.logset.worker.execution;

/**
 * What the callback target answered.
 *
 * @param status     the HTTP status code
 * @param body       the response body as text, at most the configured number of bytes
 * @param truncated  whether the body was longer than that and the rest was discarded
 * @param retryAfter the {@code Retry-After} header as sent, or {@code null}; not part of the result
 */
public record CallbackResponse(int status, String body, boolean truncated, String retryAfter) {

    public CallbackResponse(int status, String body, boolean truncated) {
        this(status, body, truncated, null);
    }
}
