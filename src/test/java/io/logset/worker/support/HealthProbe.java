package io.logset.worker.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Calls a worker's health endpoints on loopback as Kubernetes and Prometheus do, and reads the Prometheus text
 * format into a map from series (name with labels, as written) to value.
 */
public final class HealthProbe {

    /** One response: status code and body. */
    public record Response(int status, String body) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final int port;

    public HealthProbe(int port) {
        this.port = port;
    }

    public Response get(String path) {
        return send("GET", path);
    }

    public Response send(String method, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> http = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(http.statusCode(), http.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code path} until its response matches, or the timeout passes; returns the last response. */
    public Response await(String path, Predicate<Response> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Response response = get(path);
        while (!condition.test(response) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            response = get(path);
        }
        return response;
    }

    /** Scrapes {@code /metrics}: series such as {@code worker_jobs_failed_total{type="timeout"}} to value. */
    public Map<String, Double> scrape() {
        Response response = get("/metrics");
        if (response.status() != 200) {
            throw new IllegalStateException("/metrics returned " + response.status() + ": " + response.body());
        }
        return parse(response.body());
    }

    /** Polls {@code /metrics} until {@code series} has {@code value}, or the timeout passes; returns the last. */
    public double awaitMetric(String series, double value, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        double current = scrape().getOrDefault(series, Double.NaN);
        while (current != value && System.nanoTime() < deadline) {
            Thread.sleep(50);
            current = scrape().getOrDefault(series, Double.NaN);
        }
        return current;
    }

    static Map<String, Double> parse(String text) {
        Map<String, Double> series = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int split = line.lastIndexOf(' ');
            series.put(line.substring(0, split), Double.parseDouble(line.substring(split + 1)));
        }
        return series;
    }
}
