package io.logset.worker.connection;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs a warning at most once per interval for each kind, and reports how many were suppressed in between.
 * A NATS outage produces the same connect error several times per second; one line per interval is enough.
 *
 * <p>Thread-safe.
 */
public final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimitedLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /**
     * Logs {@code message} at WARN unless a warning of the same kind was logged within the interval.
     *
     * @return whether the line was logged
     */
    public boolean warn(String kind, String message, Object... args) {
        Window window = windows.computeIfAbsent(kind, k -> new Window());
        long now = System.nanoTime();
        long last = window.lastLogged.get();
        if (last != 0 && now - last < intervalNanos) {
            window.suppressed.incrementAndGet();
            return false;
        }
        if (!window.lastLogged.compareAndSet(last, now)) {
            window.suppressed.incrementAndGet();
            return false;
        }

        long suppressed = window.suppressed.getAndSet(0);
        if (suppressed > 0) {
            log.warn(message + " ({} similar warnings suppressed)", append(args, suppressed));
        } else {
            log.warn(message, args);
        }
        return true;
    }

    private static Object[] append(Object[] args, Object last) {
        Object[] result = new Object[args.length + 1];
        System.arraycopy(args, 0, result, 0, args.length);
        result[args.length] = last;
        return result;
    }

    private static final class Window {
        final AtomicLong lastLogged = new AtomicLong();
        final AtomicLong suppressed = new AtomicLong();
    }
}
