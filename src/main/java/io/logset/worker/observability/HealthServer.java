package io.logset.worker.observability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Serves the health and metrics endpoints on their own port with the JDK's HTTP server:
 * {@value #LIVENESS_PATH} (liveness), {@value #READINESS_PATH} (readiness; 503 with the reason when not ready)
 * and {@value #METRICS_PATH} (Prometheus text format). Only GET and HEAD are served.
 *
 * <p>Requests run on two platform threads of its own, so the probes still respond when the virtual threads that
 * run jobs are stuck. Thread-safe; the owner closes it after the worker.
 */
public final class HealthServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HealthServer.class);

    public static final String LIVENESS_PATH = "/healthz";
    public static final String READINESS_PATH = "/readyz";
    public static final String METRICS_PATH = "/metrics";

    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final int THREADS = 2;

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HealthServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts listening on {@code bind:port}; port 0 takes a free port, see {@link #port()}.
     *
     * @throws IOException when the address cannot be bound, for example because the port is in use
     */
    public static HealthServer start(String bind, int port, Observability observability) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
        server.setExecutor(executor);
        server.createContext(LIVENESS_PATH, exchange -> serveCheck(exchange, observability.liveness()::check));
        server.createContext(READINESS_PATH, exchange -> serveCheck(exchange, observability.readiness()::check));
        server.createContext(METRICS_PATH, exchange -> serveMetrics(exchange, observability.metrics()));
        server.createContext("/", exchange -> respond(exchange, 404, TEXT, "not found: use " + LIVENESS_PATH
                + ", " + READINESS_PATH + " or " + METRICS_PATH + "\n"));
        server.start();
        HealthServer health = new HealthServer(server, executor);
        log.info("health endpoints listening on {}:{}", bind, health.port());
        return health;
    }

    private static void serveCheck(HttpExchange exchange, Supplier<HealthStatus> check) throws IOException {
        if (rejected(exchange)) {
            return;
        }
        HealthStatus status = check.get();
        respond(exchange, status.healthy() ? 200 : 503, TEXT, status.reason() + "\n");
    }

    private static void serveMetrics(HttpExchange exchange, WorkerMetrics metrics) throws IOException {
        if (rejected(exchange)) {
            return;
        }
        respond(exchange, 200, PROMETHEUS_TEXT, metrics.scrape());
    }

    /**
     * Rejects a request for another path under the context (404) or with another method (405).
     *
     * @return whether it rejected the request
     */
    private static boolean rejected(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!path.equals(exchange.getHttpContext().getPath())) {
            respond(exchange, 404, TEXT, "not found\n");
            return true;
        }
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            respond(exchange, 405, TEXT, "method not allowed: use GET\n");
            return true;
        }
        return false;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "health-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Returns the port it listens on, the one the system chose when started on port 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops listening at once; a probe in progress is cut off. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
    }
}
