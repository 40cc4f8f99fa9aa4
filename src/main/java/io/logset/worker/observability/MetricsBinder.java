package io.logset.worker.observability;

import io.logset.worker.connection.ConnectionEvents;
import io.logset.worker.intake.Intake;
import io.logset.worker.intake.JobSlots;
import io.logset.worker.results.ResultPublisher;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Registers gauges and counters that read a running worker's parts, which count for themselves. The meters
 * hold the parts weakly, as Micrometer does, and read them at each scrape.
 *
 * <p>Stateless.
 */
public final class MetricsBinder {

    private MetricsBinder() {
    }

    /** Connection state (1 connected, 0 not), reconnects and slow consumer reports. */
    public static void bindConnection(MeterRegistry registry, ConnectionEvents events) {
        Gauge.builder("worker.nats.connected", events, e -> e.connected() ? 1 : 0)
                .description("1 while the NATS connection is up, 0 while it is down or not yet open")
                .register(registry);
        FunctionCounter.builder("worker.nats.reconnects", events, ConnectionEvents::reconnects)
                .description("Reconnects to NATS after a lost connection")
                .register(registry);
        FunctionCounter.builder("worker.nats.slow.consumers", events, ConnectionEvents::slowConsumerEvents)
                .description("Times the NATS client reported that the job subscription's pending limit was reached")
                .register(registry);
    }

    /** Jobs received, dropped by the client, running now, and the bound on running jobs. */
    public static void bindIntake(MeterRegistry registry, Intake intake, JobSlots slots) {
        FunctionCounter.builder("worker.jobs.received", intake, Intake::received)
                .description("Job messages taken from the subscription or the job stream's consumer")
                .register(registry);
        FunctionCounter.builder("worker.jobs.dropped", intake, Intake::dropped)
                .description("Job messages lost inside the NATS client before they started, such as by a full pending buffer")
                .register(registry);
        Gauge.builder("worker.jobs.in.flight", slots, JobSlots::inFlight)
                .description("Jobs running now")
                .register(registry);
        Gauge.builder("worker.jobs.max.in.flight", slots, JobSlots::capacity)
                .description("Jobs this node runs at once at most (MAX_IN_FLIGHT)")
                .register(registry);
    }

    /** Results stored, failed publish attempts, and results given up after the publish deadline. */
    public static void bindResults(MeterRegistry registry, ResultPublisher publisher) {
        FunctionCounter.builder("worker.results.published", publisher, ResultPublisher::published)
                .description("Results the result stream acknowledged")
                .register(registry);
        FunctionCounter.builder("worker.results.publish.failures", publisher, ResultPublisher::failedAttempts)
                .description("Result publish attempts that failed, including those retried successfully")
                .register(registry);
        FunctionCounter.builder("worker.results.given.up", publisher, ResultPublisher::givenUp)
                .description("Results dropped after retrying their publish until the deadline")
                .register(registry);
    }
}
