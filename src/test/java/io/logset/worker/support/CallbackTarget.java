package io.logset.worker.support;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real HTTP server on loopback that the worker calls back. It records every request and responds by path:
 * <ul>
 *   <li>{@code /status/<code>}: that status, body {@code {"status":<code>}}</li>
 *   <li>{@code /slow/<ms>}: 200 after a delay</li>
 *   <li>{@code /stall}: sends headers and the first bytes of a body, then stalls for a minute</li>
 *   <li>{@code /big/<bytes>}: a 200 body of that many bytes, streamed</li>
 *   <li>{@code /redirect/<code>?to=<url>}: that status with {@code Location: <url>}</li>
 *   <li>{@code /flaky/<failures>/<code>/<name>}: {@code <code>} for the first {@code <failures>} requests to this
 *       path, then 200</li>
 *   <li>{@code /retry-after/<seconds>/<name>}: the first request to this path gets 503 with
 *       {@code Retry-After: <seconds>}, later ones 200</li>
 *   <li>{@code /retry-after-date/<seconds>/<name>}: as above, with the HTTP-date {@code <seconds>} ahead</li>
 *   <li>anything else: 200 with body {@code {"ok":true}}</li>
 * </ul>
 */
public final class CallbackTarget implements AutoCloseable {

    /** One request as the target received it. */
    public record Request(String method, String path, Headers headers, byte[] body, long receivedNanos,
                          int remotePort) {

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger maxActive = new AtomicInteger();
    private final Map<String, AtomicInteger> hitsByPath = new ConcurrentHashMap<>();

    private CallbackTarget(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    /** Starts on a free ephemeral port. */
    public static CallbackTarget start() {
        return start(0);
    }

    /**
     * Starts on a free port with exactly four digits, so that a port in a recorded job's URL can be replaced
     * without changing the length of the encoded string.
     */
    public static CallbackTarget startOnFourDigitPort() {
        for (int tries = 0; tries < 200; tries++) {
            int port = ThreadLocalRandom.current().nextInt(2000, 10000);
            try {
                return new CallbackTarget(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        port), 200));
            } catch (BindException taken) {
                // Another process has it; try the next one.
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free four-digit port on loopback");
    }

    /** Starts on {@code port}, as when a target that was down comes back. */
    public static CallbackTarget start(int port) {
        try {
            return new CallbackTarget(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    port), 200));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(Predicate<Request> filter) {
        return requests.stream().filter(filter).toList();
    }

    public void clear() {
        requests.clear();
        maxActive.set(0);
    }

    /** Waits until at least {@code count} requests matched, or the timeout passes. */
    public List<Request> await(Predicate<Request> filter, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Request> matched = requests(filter);
            if (matched.size() >= count) {
                return matched;
            }
            Thread.sleep(20);
        }
        return requests(filter);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        URI uri = exchange.getRequestURI();
        requests.add(new Request(exchange.getRequestMethod(), uri.getPath(), exchange.getRequestHeaders(), body,
                System.nanoTime(), exchange.getRemoteAddress().getPort()));
        maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);

        String[] parts = uri.getPath().split("/");
        String kind = parts.length > 1 ? parts[1] : "";
        try (exchange) {
            switch (kind) {
                case "status" -> respond(exchange, Integer.parseInt(parts[2]), "{\"status\":" + parts[2] + "}");
                case "slow" -> {
                    sleep(Long.parseLong(parts[2]));
                    respond(exchange, 200, "{\"slow\":true}");
                }
                case "stall" -> stall(exchange);
                case "big" -> big(exchange, Long.parseLong(parts[2]));
                case "redirect" -> redirect(exchange, Integer.parseInt(parts[2]), uri.getQuery());
                case "flaky" -> {
                    boolean failing = hits(uri) <= Integer.parseInt(parts[2]);
                    respond(exchange, failing ? Integer.parseInt(parts[3]) : 200, failing ? "{\"flaky\":true}" : "{}");
                }
                case "retry-after", "retry-after-date" -> {
                    if (hits(uri) > 1) {
                        respond(exchange, 200, "{}");
                        return;
                    }
                    long seconds = Long.parseLong(parts[2]);
                    String value = kind.equals("retry-after") ? Long.toString(seconds)
                            : DateTimeFormatter.RFC_1123_DATE_TIME.format(
                                    ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(seconds));
                    exchange.getResponseHeaders().set("Retry-After", value);
                    respond(exchange, 503, "{}");
                }
                default -> respond(exchange, 200, "{\"ok\":true}");
            }
        } catch (IOException e) {
            // The worker hung up first, as it does on a timeout or a truncated body.
        } finally {
            active.decrementAndGet();
        }
    }

    /** Returns the largest number of requests the target handled at the same time. */
    public int maxConcurrent() {
        return maxActive.get();
    }

    private int hits(URI uri) {
        return hitsByPath.computeIfAbsent(uri.getPath(), p -> new AtomicInteger()).incrementAndGet();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (status == 204 || status == 304 || exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void redirect(HttpExchange exchange, int status, String query) throws IOException {
        exchange.getResponseHeaders().set("Location", query.substring("to=".length()));
        exchange.sendResponseHeaders(status, -1);
    }

    private static void stall(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        out.write("partial".getBytes(StandardCharsets.UTF_8));
        out.flush();
        sleep(60_000);
    }

    private static void big(HttpExchange exchange, long size) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, size);
        byte[] chunk = "0123456789abcdef".repeat(4096).getBytes(StandardCharsets.US_ASCII);
        OutputStream out = exchange.getResponseBody();
        for (long sent = 0; sent < size; sent += chunk.length) {
            out.write(chunk, 0, (int) Math.min(chunk.length, size - sent));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Headers of the last request whose path starts with {@code prefix}, for quick checks. */
    public Map<String, List<String>> lastHeaders(String prefix) {
        return requests(r -> r.path().startsWith(prefix)).getLast().headers();
    }
}
