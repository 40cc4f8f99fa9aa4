package io.logset.worker.execution;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signs callbacks as the Standard Webhooks specification describes: headers {@code webhook-id},
 * {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature: v1,<base64 HMAC-SHA256>} over the bytes
 * {@code <id>.<timestamp>.<body>}, keyed with the secret from {@code whsec_<base64>}.
 *
 * <p>Thread-safe: each signing uses its own {@link Mac}. {@link #toString()} hides the key.
 */
public final class WebhookSigner {

    static final String PREFIX = "whsec_";
    static final int MIN_KEY_BYTES = 24;
    static final int MAX_KEY_BYTES = 64;

    private final SecretKeySpec key;

    private WebhookSigner(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /**
     * Parses a secret {@code whsec_<base64>}. The key must be 24 to 64 bytes, the range the specification
     * recommends.
     *
     * @throws IllegalArgumentException with a message that never contains the secret
     */
    public static WebhookSigner parse(String secret) {
        String text = secret.strip();
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("does not start with '" + PREFIX + "'");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not base64 after '" + PREFIX + "'");
        }
        if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("has a key of " + key.length + " bytes: use " + MIN_KEY_BYTES + " to "
                    + MAX_KEY_BYTES + " random bytes");
        }
        WebhookSigner signer = new WebhookSigner(key);
        java.util.Arrays.fill(key, (byte) 0);
        return signer;
    }

    /** Returns the three headers for one request, in the order above. */
    Map<String, String> headers(String id, long timestampSeconds, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestampSeconds));
        headers.put("webhook-signature", "v1," + signature(id, timestampSeconds, body));
        return headers;
    }

    /** Returns the base64 HMAC-SHA256 of {@code <id>.<timestamp>.<body>}. */
    String signature(String id, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            // Every JDK ships HmacSHA256, so this is a broken runtime, not a bad job.
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSigner[key hidden]";
    }
}
