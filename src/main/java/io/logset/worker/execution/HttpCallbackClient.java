package io.logset.worker.execution;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends HTTP callbacks with one shared JDK {@link HttpClient}, so connections are reused across jobs. One
 * deadline covers the whole exchange (connect, headers and body, and every redirect followed), and the body kept
 * is capped. Each request's destination is resolved and checked by the {@link DestinationGuard} before the
 * client connects.
 *
 * <p>Thread-safe. The client's threads are virtual and end with the JVM, so there is nothing to close.
 */
public final class HttpCallbackClient {

    private static final Logger log = LoggerFactory.getLogger(HttpCallbackClient.class);

    /**
     * The JDK client forbids setting {@code Host} unless this property lists it when the client's classes load.
     * The pinned http requests need it, so it is added here, before this class builds its first client.
     */
    static final String RESTRICTED_HEADERS_PROPERTY = "jdk.httpclient.allowRestrictedHeaders";

    static {
        String allowed = System.getProperty(RESTRICTED_HEADERS_PROPERTY, "");
        boolean hostAllowed = Arrays.stream(allowed.split(","))
                .anyMatch(name -> name.strip().equalsIgnoreCase("host"));
        if (!hostAllowed) {
            System.setProperty(RESTRICTED_HEADERS_PROPERTY, allowed.isBlank() ? "host" : allowed + ",host");
        }
    }

    /**
     * Header that carries the job's idempotency key, the same on every attempt and redelivery of one job, so a
     * target can drop repeats. A job that sets this header itself keeps its own value.
     */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final HttpClient client;
    private final Duration timeout;
    private final int maxResponseBytes;
    private final CallbackSecurity security;
    private final DestinationGuard guard;
    private final CallbackRequests requests;

    /** Creates a client with the default {@link CallbackSecurity} and the system resolver. */
    public HttpCallbackClient(Duration timeout, int maxResponseBytes) {
        this(timeout, maxResponseBytes, CallbackSecurity.defaults(), HostResolver.SYSTEM);
    }

    /**
     * @throws IllegalStateException when the JDK client was loaded before this class and forbids the {@code Host}
     *                               header; start the JVM with {@code -Djdk.httpclient.allowRestrictedHeaders=host}
     */
    public HttpCallbackClient(Duration timeout, int maxResponseBytes, CallbackSecurity security,
                              HostResolver resolver) {
        checkHostHeaderAllowed();
        this.timeout = timeout;
        this.maxResponseBytes = maxResponseBytes;
        this.security = security;
        this.guard = new DestinationGuard(security.destinations(), resolver);
        this.requests = new CallbackRequests(security.signer());
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    private static void checkHostHeaderAllowed() {
        try {
            HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).header("Host", "localhost");
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the JDK HTTP client forbids the Host header, which pinned callbacks"
                    + " need: start the JVM with -D" + RESTRICTED_HEADERS_PROPERTY + "=host");
        }
    }

    /**
     * Sends the callback, following redirects when enabled, and waits for the whole response, up to the timeout.
     *
     * @param webhookId      the job's stable id, sent as {@code webhook-id} when signing is on
     * @param idempotencyKey value of the {@value #IDEMPOTENCY_KEY} header, unless the job sets it
     * @throws JobFailure when the destination is denied, the request is not allowed, the connection fails or the
     *                    deadline passes
     */
    public CallbackResponse send(HttpOption option, String webhookId, String idempotencyKey) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpOption current = option;
        int redirects = 0;
        while (true) {
            HttpResponse<CappedBodySubscriber.Body> response = exchange(current, webhookId, idempotencyKey, deadline,
                    redirects);
            Optional<HttpOption> next = security.followRedirects() && redirects < security.maxRedirects()
                    ? Redirects.next(current, response.statusCode(), response.headers().firstValue("Location"),
                    security.sensitiveHeaders())
                    : Optional.empty();
            if (next.isEmpty()) {
                CappedBodySubscriber.Body body = response.body();
                String text = ResponseText.decode(body.bytes(), response.headers().firstValue("Content-Type")
                        .orElse(""));
                return new CallbackResponse(response.statusCode(), text, body.truncated(),
                        response.headers().firstValue("Retry-After").orElse(null));
            }

            redirects++;
            log.debug("callback redirected with HTTP {} to {} (redirect {} of at most {})", response.statusCode(),
                    CallbackFailures.target(next.get().url()), redirects, security.maxRedirects());
            current = next.get();
        }
    }

    private HttpResponse<CappedBodySubscriber.Body> exchange(HttpOption option, String webhookId,
                                                             String idempotencyKey, long deadline, int redirects) {
        DestinationGuard.Destination destination;
        try {
            destination = guard.check(option.url());
        } catch (JobFailure failure) {
            if (redirects == 0) {
                throw failure.beforeSending();
            }
            throw new JobFailure(failure.type(), "redirect " + redirects + ": " + failure.getMessage());
        }

        Duration left = Duration.ofNanos(deadline - System.nanoTime());
        if (left.isNegative() || left.isZero()) {
            throw timedOut(option.url());
        }
        HttpRequest request = requests.build(option, destination, webhookId, idempotencyKey, left);
        CompletableFuture<HttpResponse<CappedBodySubscriber.Body>> exchange =
                client.sendAsync(request, info -> new CappedBodySubscriber(maxResponseBytes));
        try {
            return exchange.get(left.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Cancelling the future makes the client abort the exchange and close its connection.
            exchange.cancel(true);
            throw timedOut(option.url());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new JobFailure(ErrorType.INTERRUPTED, "callback to " + CallbackFailures.target(option.url())
                    + " was interrupted because the worker is stopping");
        } catch (ExecutionException e) {
            throw CallbackFailures.of(option.url(), e.getCause(), timeout);
        }
    }

    private JobFailure timedOut(URI url) {
        return new JobFailure(ErrorType.TIMEOUT, "callback to " + CallbackFailures.target(url) + " did not complete"
                + " within " + timeout.toMillis() + " ms (CALLBACK_TIMEOUT)");
    }
}
