package io.logset.worker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns SIGTERM and SIGINT into a graceful stop that exits 0. The JVM's default handling runs shutdown hooks
 * and then exits 143 or 130, which Kubernetes and systemd report as a failure. Handled here, the signals let
 * the worker drain and exit 0. A second signal while draining forces an immediate exit.
 *
 * <p>Thread-safe; installed once by {@link Main}.
 */
final class ShutdownSignals {

    private static final Logger log = LoggerFactory.getLogger(ShutdownSignals.class);

    /** Exit code when a second signal cuts the drain short. */
    static final int EXIT_FORCED = 1;

    private final AtomicInteger received = new AtomicInteger();
    private final Runnable stop;

    private ShutdownSignals(Runnable stop) {
        this.stop = stop;
    }

    /** Runs {@code stop} on a new thread at the first signal, then exits 0; halts at the second. */
    static void install(Runnable stop) {
        ShutdownSignals signals = new ShutdownSignals(stop);
        Signal.handle(new Signal("TERM"), signals::onSignal);
        Signal.handle(new Signal("INT"), signals::onSignal);
    }

    private void onSignal(Signal signal) {
        if (received.incrementAndGet() == 1) {
            log.info("SIG{} received: draining; send it again to exit at once", signal.getName());
            Thread.ofPlatform().name("shutdown").start(() -> {
                try {
                    stop.run();
                } finally {
                    System.exit(0);
                }
            });
            return;
        }
        log.warn("SIG{} received again: exiting without waiting for jobs in flight", signal.getName());
        Runtime.getRuntime().halt(EXIT_FORCED);
    }
}
