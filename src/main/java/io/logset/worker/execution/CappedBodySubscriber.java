package io.logset.worker.execution;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects at most {@code maxBytes} of a response body. When the body is longer, it keeps the first
 * {@code maxBytes}, cancels the subscription so that the client stops reading and closes the connection, and
 * completes with {@code truncated} set. Memory per response is therefore bounded, whatever the target sends.
 *
 * <p>Not thread-safe beyond what the reactive-streams contract guarantees: the client calls it serially.
 */
final class CappedBodySubscriber implements HttpResponse.BodySubscriber<CappedBodySubscriber.Body> {

    /** The collected bytes and whether more were discarded. */
    record Body(byte[] bytes, boolean truncated) {
    }

    private final int maxBytes;
    private final CompletableFuture<Body> result = new CompletableFuture<>();
    private byte[] buffer = new byte[0];
    private int size;
    private Flow.Subscription subscription;

    CappedBodySubscriber(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public CompletionStage<Body> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            int room = maxBytes - size;
            int take = Math.min(room, item.remaining());
            append(item, take);
            if (item.hasRemaining()) {
                subscription.cancel();
                result.complete(new Body(Arrays.copyOf(buffer, size), true));
                return;
            }
        }
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(new Body(Arrays.copyOf(buffer, size), false));
    }

    private void append(ByteBuffer item, int count) {
        if (count == 0) {
            return;
        }
        if (size + count > buffer.length) {
            int grown = Math.max(size + count, Math.min(maxBytes, Math.max(1024, buffer.length * 2)));
            buffer = Arrays.copyOf(buffer, grown);
        }
        item.get(buffer, size, count);
        size += count;
    }
}
