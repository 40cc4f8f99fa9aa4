package io.logset.worker;

import io.logset.worker.config.ConfigException;
import io.logset.worker.config.ConfigReader;
import io.logset.worker.config.Mode;
import io.logset.worker.config.WorkerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/**
 * Starts a worker node from environment variables and runs it until SIGTERM or SIGINT.
 * Exit codes: 0 after a clean stop, 1 when the worker fails, 2 when the configuration is invalid.
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

        CountDownLatch stopped = new CountDownLatch(1);
        Worker worker;
        try {
            Thread starter = Thread.currentThread();
            Thread earlyStop = new Thread(starter::interrupt, "shutdown-before-start");
            Runtime.getRuntime().addShutdownHook(earlyStop);
            worker = Worker.start(config);
            Runtime.getRuntime().removeShutdownHook(earlyStop);
        } catch (InterruptedException e) {
            log.info("worker stopped before it connected");
            return;
        } catch (Exception e) {
            log.error("worker failed to start: {}", e.getMessage(), e);
            System.exit(EXIT_FAILURE);
            return;
        }

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
