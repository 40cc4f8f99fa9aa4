package io.logset.worker.intake;

import io.nats.client.impl.Headers;

import java.util.Locale;

/** How a job's bytes are encoded; a reply to the job uses the same encoding. */
public enum Encoding {
    /** MessagePack, what the existing scheduler publishes. */
    MSGPACK,
    /** JSON, for producers that find it easier. */
    JSON;

    /**
     * Chooses the encoding from the message's {@code Content-Type} header when it names JSON or MessagePack,
     * otherwise from the first byte: JSON starts with {@code '{'} or {@code '['} (after optional blanks), which in
     * MessagePack would be the integers 123 and 91, never a job map. A JSON array is still invalid, but its error
     * then names it as an array.
     */
    public static Encoding detect(Headers headers, byte[] data) {
        if (headers != null) {
            String contentType = headers.getFirst("Content-Type");
            if (contentType != null) {
                String type = contentType.toLowerCase(Locale.ROOT);
                if (type.contains("json")) {
                    return JSON;
                }
                if (type.contains("msgpack")) {
                    return MSGPACK;
                }
            }
        }
        for (byte b : data) {
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                continue;
            }
            return b == '{' || b == '[' ? JSON : MSGPACK;
        }
        return MSGPACK;
    }
}
