package io.logset.worker.bench;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The callback target: responds to every request with 200 after a fixed delay, on loopback. */
final class DelayTarget implements AutoCloseable {

    private static final byte[] BODY = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private volatile long delayMillis;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicInteger active = new AtomicInteger();

    DelayTarget() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            active.incrementAndGet();
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                requests.incrementAndGet();
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, BODY.length);
                exchange.getResponseBody().write(BODY);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                active.decrementAndGet();
            }
        });
        server.start();
    }

    void delay(long millis) {
        this.delayMillis = millis;
    }

    long delay() {
        return delayMillis;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    long requests() {
        return requests.get();
    }

    /** Requests being handled right now, which is the worker's jobs in flight when the target is slow. */
    int active() {
        return active.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
