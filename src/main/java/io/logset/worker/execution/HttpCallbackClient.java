package io.logset.worker.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.logset.worker.wire.Codecs;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends HTTP callbacks with one shared JDK {@link HttpClient}, so connections are reused across jobs. One
 * deadline covers the whole exchange (connect, headers and body), and the body kept is capped.
 *
 * <p>Thread-safe. The client's threads are virtual and end with the JVM, so there is nothing to close.
 */
public final class HttpCallbackClient {

    /** Headers the JDK client computes itself and rejects when set; a job's values for them are dropped. */
    private static final Set<String> COMPUTED_HEADERS = Set.of("content-length", "connection");

    private final HttpClient client;
    private final Duration timeout;
    private final int maxResponseBytes;

    public HttpCallbackClient(Duration timeout, int maxResponseBytes) {
        this.timeout = timeout;
        this.maxResponseBytes = maxResponseBytes;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /**
     * Sends the callback and waits for the whole response, up to the timeout.
     *
     * @throws JobFailure when the request is not allowed, the connection fails or the deadline passes
     */
    public CallbackResponse send(HttpOption option) {
        HttpRequest request = request(option);
        CompletableFuture<HttpResponse<CappedBodySubscriber.Body>> exchange =
                client.sendAsync(request, info -> new CappedBodySubscriber(maxResponseBytes));

        HttpResponse<CappedBodySubscriber.Body> response;
        try {
            response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Cancelling the future makes the client abort the exchange and close its connection.
            exchange.cancel(true);
            throw new JobFailure(ErrorType.TIMEOUT, "callback to " + target(option.url()) + " did not complete"
                    + " within " + timeout.toMillis() + " ms (CALLBACK_TIMEOUT)");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new JobFailure(ErrorType.INTERRUPTED, "callback to " + target(option.url())
                    + " was interrupted because the worker is stopping");
        } catch (ExecutionException e) {
            throw failure(option.url(), e.getCause());
        }

        CappedBodySubscriber.Body body = response.body();
        String text = decode(body.bytes(), response.headers().firstValue("Content-Type").orElse(""));
        return new CallbackResponse(response.statusCode(), text, body.truncated());
    }

    private HttpRequest request(HttpOption option) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(option.url()).timeout(timeout);
        boolean contentTypeSet = false;
        try {
            for (Map.Entry<String, String> header : option.headers().entrySet()) {
                String name = header.getKey().toLowerCase(Locale.ROOT);
                if (COMPUTED_HEADERS.contains(name)) {
                    continue;
                }
                contentTypeSet |= name.equals("content-type");
                builder.header(header.getKey(), header.getValue());
            }
            if (!contentTypeSet && hasBody(option.method())) {
                builder.header("Content-Type", "application/json");
            }
            builder.method(option.method(), bodyPublisher(option, contentTypeSet));
        } catch (IllegalArgumentException e) {
            throw new JobFailure(ErrorType.INVALID_JOB, "the HTTP client rejected the request: " + e.getMessage());
        }
        return builder.build();
    }

    private static boolean hasBody(String method) {
        return !method.equalsIgnoreCase("GET") && !method.equalsIgnoreCase("HEAD");
    }

    private static HttpRequest.BodyPublisher bodyPublisher(HttpOption option, boolean contentTypeSet) {
        if (!hasBody(option.method())) {
            return HttpRequest.BodyPublishers.noBody();
        }
        JsonNode body = option.body();
        // A string under a Content-Type the job chose (a form, plain text) is already the wire text.
        if (body != null && body.isTextual() && contentTypeSet && !isJson(option.headers())) {
            return HttpRequest.BodyPublishers.ofString(body.textValue(), StandardCharsets.UTF_8);
        }
        try {
            byte[] json = body == null ? "null".getBytes(StandardCharsets.US_ASCII) : Codecs.JSON.writeValueAsBytes(body);
            return HttpRequest.BodyPublishers.ofByteArray(json);
        } catch (JsonProcessingException e) {
            throw new JobFailure(ErrorType.INVALID_JOB, "option.body cannot be written as JSON: "
                    + e.getOriginalMessage());
        }
    }

    private static boolean isJson(Map<String, String> headers) {
        return headers.entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase("content-type"))
                .anyMatch(h -> h.getValue().toLowerCase(Locale.ROOT).contains("json"));
    }

    private JobFailure failure(URI url, Throwable cause) {
        String target = target(url);
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return new JobFailure(ErrorType.TIMEOUT, "connecting to " + target + " timed out after "
                        + timeout.toMillis() + " ms (CALLBACK_TIMEOUT)");
            }
            if (t instanceof HttpTimeoutException) {
                return new JobFailure(ErrorType.TIMEOUT, "callback to " + target + " got no response headers"
                        + " within " + timeout.toMillis() + " ms (CALLBACK_TIMEOUT)");
            }
            if (t instanceof ConnectException) {
                return new JobFailure(ErrorType.CONNECTION_REFUSED, "connection to " + target + " was refused");
            }
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return new JobFailure(ErrorType.CONNECTION_ERROR, "host of " + target + " could not be resolved");
            }
            if (t instanceof SSLException) {
                return new JobFailure(ErrorType.CONNECTION_ERROR, "TLS with " + target + " failed: "
                        + t.getMessage());
            }
        }
        String detail = cause instanceof IOException && cause.getMessage() != null
                ? cause.getMessage() : cause.getClass().getSimpleName();
        return new JobFailure(ErrorType.CONNECTION_ERROR, "callback to " + target + " failed: " + detail);
    }

    /** Names the target without path or query, which may carry tokens. */
    private static String target(URI url) {
        int port = url.getPort() != -1 ? url.getPort() : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        return url.getHost() + ":" + port;
    }

    private static String decode(byte[] bytes, String contentType) {
        Charset charset = StandardCharsets.UTF_8;
        int at = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
        if (at >= 0) {
            String name = contentType.substring(at + 8).split(";")[0].strip().replace("\"", "");
            try {
                charset = Charset.forName(name);
            } catch (IllegalArgumentException ignored) {
                // An unknown charset falls back to UTF-8; the bytes are still shown, with replacements.
            }
        }
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
