package io.logset.worker.bench;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Encodes jobs as the existing scheduler does, and reads a result's job index, with msgpack-core. */
final class Jobs {

    private Jobs() {
    }

    static byte[] encode(String key, long index, String url) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packMapHeader(4);
            packer.packString("key").packString(key);
            packer.packString("index").packLong(index);
            packer.packString("mode").packString("HTTP");
            packer.packString("option").packMapHeader(4);
            packer.packString("method").packString("POST");
            packer.packString("url").packString(url);
            packer.packString("headers").packMapHeader(1).packString("X-Bench").packString("1");
            packer.packString("body").packMapHeader(1).packString("index").packLong(index);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns {@code data.metadata.index} of a result, or -1 when the result has none. */
    static long resultIndex(byte[] result) {
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(result)) {
            return findIndex(unpacker, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long findIndex(MessageUnpacker unpacker, int depth) throws IOException {
        int entries = unpacker.unpackMapHeader();
        for (int i = 0; i < entries; i++) {
            String field = unpacker.unpackString();
            boolean descend = (depth == 0 && field.equals("data")) || (depth == 1 && field.equals("metadata"));
            if (descend) {
                return findIndex(unpacker, depth + 1);
            }
            if (depth == 2 && field.equals("index")) {
                return unpacker.unpackLong();
            }
            unpacker.skipValue();
        }
        return -1;
    }
}
