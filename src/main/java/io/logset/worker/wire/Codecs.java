package io.logset.worker.wire;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.msgpack.jackson.dataformat.MessagePackFactory;

/**
 * The shared JSON and MessagePack mappers. {@link ObjectMapper} is thread-safe once configured, and building one
 * is expensive, so every job uses these two.
 */
public final class Codecs {

    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public static final ObjectMapper MSGPACK = new ObjectMapper(new MessagePackFactory());

    private Codecs() {
    }
}
