package io.logset.worker.bench;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes jobs on {@code jobs.bench} and watches results arrive on the result subject. End-to-end latency is
 * measured from each job's intended send time, so a stalled publisher cannot hide queueing (coordinated
 * omission). Results are counted as they reach subscribers of the result subject, and the stream's count is
 * checked at the end, so every result counted was also stored.
 *
 * <p>Not thread-safe: one run at a time.
 */
final class JobLoad implements AutoCloseable {

    /** One run's figures. */
    record Run(int jobs, Duration elapsed, Histogram latency) {

        double jobsPerSecond() {
            return jobs / (elapsed.toNanos() / 1e9);
        }
    }

    private final Connection client;
    private final Dispatcher dispatcher;
    private final String url;
    private volatile long[] sentAt = new long[0];
    private volatile Histogram latency = new Histogram(3);
    private volatile CountDownLatch remaining = new CountDownLatch(0);
    private final AtomicLong lastArrival = new AtomicLong();
    private long keySequence;

    /** Subscribes to results and empties the result stream of anything earlier, such as probe jobs. */
    JobLoad(Connection client, String url) throws IOException, JetStreamApiException {
        client.jetStreamManagement().purgeStream("COLLECT_logset_jobs");
        this.client = client;
        this.url = url;
        this.dispatcher = client.createDispatcher(message -> {
            long now = System.nanoTime();
            long index = Jobs.resultIndex(message.getData());
            long[] sent = sentAt;
            if (index >= 0 && index < sent.length && sent[(int) index] != 0) {
                latency.recordValue(Math.max(0, now - sent[(int) index]) / 1_000);
                lastArrival.set(now);
                remaining.countDown();
            }
        });
        dispatcher.setPendingLimits(-1, -1);
        dispatcher.subscribe("collects.logset_jobs");
    }

    /**
     * Publishes {@code jobs} jobs, as fast as possible when {@code perSecond} is 0, otherwise at that rate, and
     * waits for all results.
     */
    Run run(int jobs, int perSecond, Duration timeout) throws InterruptedException {
        String key = "bench-" + (++keySequence);
        long[] sent = new long[jobs];
        byte[][] payloads = new byte[jobs][];
        for (int i = 0; i < jobs; i++) {
            payloads[i] = Jobs.encode(key, i, url);
        }
        latency = new Histogram(3);
        remaining = new CountDownLatch(jobs);
        sentAt = sent;

        long start = System.nanoTime();
        long interval = perSecond == 0 ? 0 : 1_000_000_000L / perSecond;
        for (int i = 0; i < jobs; i++) {
            long intended = start + i * interval;
            if (interval > 0) {
                long wait = intended - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            sent[i] = interval > 0 ? intended : System.nanoTime();
            client.publish("jobs.bench", payloads[i]);
        }

        if (!remaining.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException((jobs - (int) (jobs - remaining.getCount())) + " of " + jobs
                    + " results did not arrive within " + timeout + "; missing " + remaining.getCount());
        }
        return new Run(jobs, Duration.ofNanos(lastArrival.get() - start), latency);
    }

    /** Checks that the stream stored {@code expected} results, then empties it for the next run. */
    void checkStoredAndPurge(long expected) throws IOException, JetStreamApiException, InterruptedException {
        var jsm = client.jetStreamManagement();
        long stored = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            stored = jsm.getStreamInfo("COLLECT_logset_jobs").getStreamState().getMsgCount();
            if (stored >= expected) {
                break;
            }
            Thread.sleep(50);
        }
        if (stored != expected) {
            throw new IllegalStateException("stream contains " + stored + " results, expected " + expected);
        }
        jsm.purgeStream("COLLECT_logset_jobs");
    }

    @Override
    public void close() {
        client.closeDispatcher(dispatcher);
    }
}
