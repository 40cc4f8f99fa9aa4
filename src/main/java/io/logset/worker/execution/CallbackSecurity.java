package io.logset.worker.execution;

/**
 * The rules a callback obeys beyond the job's own option: where it may go, whether redirects are followed, how it
 * is signed, which header values are secret, and how many headers a job may set.
 *
 * @param destinations        addresses callbacks may reach ({@code CALLBACK_ALLOW}, {@code CALLBACK_DENY} and
 *                            the switches)
 * @param followRedirects     whether 3xx responses with a {@code Location} are followed
 *                            ({@code CALLBACK_FOLLOW_REDIRECTS})
 * @param maxRedirects        redirects followed per job at most ({@code CALLBACK_MAX_REDIRECTS})
 * @param signer              signs each request; {@code null} when {@code CALLBACK_SIGNING_SECRET} is not set
 * @param sensitiveHeaders    header names whose values are hidden in logs and, when enabled, results
 * @param redactResultHeaders whether stored results hide sensitive header values ({@code RESULT_REDACT_HEADERS})
 * @param maxHeaders          headers a job may set ({@code CALLBACK_MAX_HEADERS})
 * @param maxHeaderBytes      bytes of all header names and values a job may set ({@code CALLBACK_MAX_HEADER_BYTES})
 */
public record CallbackSecurity(
        DestinationPolicy destinations,
        boolean followRedirects,
        int maxRedirects,
        WebhookSigner signer,
        SensitiveHeaders sensitiveHeaders,
        boolean redactResultHeaders,
        int maxHeaders,
        int maxHeaderBytes) {

    public static final int DEFAULT_MAX_REDIRECTS = 5;
    public static final int DEFAULT_MAX_HEADERS = 64;
    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;

    /** The settings when no variable is set. */
    public static CallbackSecurity defaults() {
        return new CallbackSecurity(DestinationPolicy.defaults(), false, DEFAULT_MAX_REDIRECTS, null,
                SensitiveHeaders.DEFAULT, true, DEFAULT_MAX_HEADERS, DEFAULT_MAX_HEADER_BYTES);
    }
}
