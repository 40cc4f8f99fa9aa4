package io.logset.worker.execution;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

/** Turns the HTTP client's exceptions into {@link JobFailure}s of the fixed error types. */
final class CallbackFailures {

    private CallbackFailures() {
    }

    static JobFailure of(URI url, Throwable cause, Duration timeout) {
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
                return new JobFailure(ErrorType.CONNECTION_ERROR, "host of " + target + " could not be resolved",
                        false);
            }
            if (t instanceof SSLException) {
                return new JobFailure(ErrorType.CONNECTION_ERROR, "TLS with " + target + " failed: "
                        + t.getMessage(), false);
            }
        }
        String detail = cause instanceof IOException && cause.getMessage() != null
                ? cause.getMessage() : cause.getClass().getSimpleName();
        // A reset or closed connection: the target may be restarting, so the callback is worth another attempt.
        return new JobFailure(ErrorType.CONNECTION_ERROR, "callback to " + target + " failed: " + detail, true);
    }

    /** Names the target without path or query, which may carry tokens. */
    static String target(URI url) {
        int port = url.getPort() != -1 ? url.getPort() : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        return url.getHost() + ":" + port;
    }
}
