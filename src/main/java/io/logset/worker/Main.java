package io.logset.worker;

import io.logset.worker.config.ConfigException;
import io.logset.worker.config.ConfigReader;
import io.logset.worker.config.Mode;
import io.logset.worker.config.WorkerConfig;
import io.logset.worker.observability.HealthServer;
import io.logset.worker.observability.Observability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts a worker node from environment variables and runs it until SIGTERM or SIGINT.
 * Exit codes: 0 after a clean stop, 1 when the worker fails to start or a second signal forces the exit,
 * 2 when the configuration is invalid.
 */
public final class Main {

    static final int EXIT_FAILURE = 1;
    static final int EXIT_CONFIG = 2;

    private Main() {
    }

    public static void main(String[] args) {
        WorkerConfig config;
        try {
            config = ConfigReader.read(System.getenv());
        } catch (ConfigException e) {
            // Logging is not set up yet, and these lines are for the operator's terminal anyway.
            for (String problem : e.problems()) {
                System.err.println("worker: " + problem);
            }
            System.exit(EXIT_CONFIG);
            return;
        }

        selectLogFormat(config.mode());
        Logger log = LoggerFactory.getLogger(Main.class);

        Observability observability = Observability.create();
        AtomicReference<Worker> running = new AtomicReference<>();
        Thread starter = Thread.currentThread();
        ShutdownSignals.install(() -> {
            Worker worker = running.get();
            if (worker == null) {
                // Still waiting for NATS: stop waiting, there is nothing to drain. The starter logs and exits.
                starter.interrupt();
                joinQuietly(starter);
            } else {
                worker.close();
            }
        });

        try {
            // The probes respond while the worker waits for NATS, so a NATS outage at start restarts no pod. The
            // health server ends with the process, so readiness reports the drain until the exit.
            startHealthServer(config, observability);
            Worker worker = Worker.start(config, observability);
            running.set(worker);
            if (Thread.interrupted()) {
                // The signal arrived while the worker was being handed over, so the handler did not see it.
                worker.close();
                System.exit(0);
            }
            // The signal handler's thread closes the worker and exits; until then this thread only waits.
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            log.info("worker stopped before it connected");
            System.exit(0);
        } catch (Exception e) {
            log.error("worker failed to start: {}", e.getMessage(), e);
            System.exit(EXIT_FAILURE);
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the health and metrics endpoints, or returns {@code null} when {@code HEALTH_PORT} is 0. */
    static HealthServer startHealthServer(WorkerConfig config, Observability observability) throws IOException {
        if (config.healthPort() == 0) {
            return null;
        }
        try {
            return HealthServer.start(config.healthBind(), config.healthPort(), observability);
        } catch (IOException e) {
            throw new IOException("health endpoints cannot listen on " + config.healthBind() + ":"
                    + config.healthPort() + ": " + e.getMessage() + "; free the port or set HEALTH_PORT", e);
        }
    }

    /**
     * Points logback at the configuration for the mode, before the first logger exists. An operator's own
     * {@code -Dlogback.configurationFile} wins.
     */
    static void selectLogFormat(Mode mode) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-" + mode.label() + ".xml");
        }
    }
}
