package io.logset.worker.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.msgpack.core.MessagePack;
import org.msgpack.jackson.dataformat.MessagePackFactory;

/**
 * The shared JSON and MessagePack mappers. {@link ObjectMapper} is thread-safe once configured, and building one
 * is expensive, so every job uses these two.
 *
 * <p>Both factories keep their buffers in a pool shared by all threads. Jackson's default pool and msgpack's
 * buffer reuse are per thread, and every job runs on a new virtual thread. So by default each job allocated and
 * cleared fresh 8 KiB buffers for every parser and generator, which a profile of the benchmark showed.
 */
public final class Codecs {

    /** Bytes msgpack buffers before it writes to the output stream; a typical result is well below this. */
    private static final int MSGPACK_BUFFER_BYTES = 1024;

    public static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    // NOTE: unlike JSON, bytes after the first MessagePack value are ignored: msgpack-jackson 0.9.11 reports the end
    // of input as an error when asked to look for trailing tokens, so that check would reject every job.
    public static final ObjectMapper MSGPACK = new ObjectMapper(msgpackFactory());

    private Codecs() {
    }

    private static MessagePackFactory msgpackFactory() {
        MessagePackFactory factory = new MessagePackFactory(
                new MessagePack.PackerConfig().withBufferSize(MSGPACK_BUFFER_BYTES));
        factory.setReuseResourceInGenerator(false);
        factory.setReuseResourceInParser(false);
        factory.setRecyclerPool(JsonRecyclerPools.sharedConcurrentDequePool());
        return factory;
    }
}
