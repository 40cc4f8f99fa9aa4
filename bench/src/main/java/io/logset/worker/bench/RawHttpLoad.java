package io.logset.worker.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/** Drives the target directly with the JDK HTTP client at a fixed concurrency, without NATS: the HTTP ceiling. */
final class RawHttpLoad {

    private RawHttpLoad() {
    }

    /** Sends {@code requests} POSTs with at most {@code concurrency} in flight and returns requests per second. */
    static double run(String url, int requests, int concurrency) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        Semaphore slots = new Semaphore(concurrency);
        AtomicLong failures = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<Exception> firstFailure = new java.util.concurrent.atomic.AtomicReference<>();
        long start = System.nanoTime();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < requests; i++) {
                slots.acquire();
                byte[] body = ("{\"index\":" + i + "}").getBytes();
                threads.submit(() -> {
                    try {
                        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build();
                        client.send(request, HttpResponse.BodyHandlers.ofString());
                    } catch (Exception e) {
                        failures.incrementAndGet();
                        firstFailure.compareAndSet(null, e);
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " raw HTTP requests failed, the first with "
                    + firstFailure.get(), firstFailure.get());
        }
        return requests / seconds;
    }
}
