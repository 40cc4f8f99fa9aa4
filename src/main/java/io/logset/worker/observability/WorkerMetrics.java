package io.logset.worker.observability;

import io.logset.worker.execution.ErrorType;
import io.logset.worker.execution.Execution;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.Map;
import java.util.TreeMap;

/**
 * The worker's metrics registry in the Prometheus format: the job outcome counters that the job flow
 * increments, the callback latency histogram, and the JVM's metrics. {@link MetricsBinder} adds the gauges and
 * counters that read a running worker's parts. Names start with {@code worker_}; JVM metrics keep Micrometer's
 * standard {@code jvm_}, {@code process_} and {@code system_} names.
 *
 * <p>Thread-safe. One instance serves one worker; {@link #close} detaches the GC listener.
 */
public final class WorkerMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final Counter succeeded;
    private final Counter retried;
    private final Timer callbackDuration;

    public WorkerMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);

        succeeded = Counter.builder("worker.jobs.succeeded")
                .description("Jobs whose callback got an HTTP response, whatever its status")
                .register(registry);
        // Every type is registered at 0, so dashboards and alerts see each series before its first failure.
        for (ErrorType type : ErrorType.values()) {
            failed(type.label());
        }
        retried = Counter.builder("worker.jobs.retried")
                .description("Callbacks sent again for a job after a failed attempt")
                .register(registry);
        callbackDuration = Timer.builder("worker.callback.duration")
                .description("Time from the start of a job to its callback's response or failure")
                .publishPercentileHistogram()
                .register(registry);
    }

    /** Counts a job's final outcome, succeeded or failed by error type, and its duration when it sent a callback. */
    public void recordJob(Execution execution) {
        if (execution.failed()) {
            failed(execution.failure().type().label()).increment();
        } else {
            succeeded.increment();
        }
        if (execution.attempts() > 0) {
            callbackDuration.record(execution.duration());
        }
    }

    /** Counts {@code count} callbacks sent again after a failed attempt; 0 or less counts nothing. */
    public void recordRetries(int count) {
        if (count > 0) {
            retried.increment(count);
        }
    }

    private Counter failed(String type) {
        return Counter.builder("worker.jobs.failed")
                .description("Jobs that ended with an error result, by error type")
                .tag("type", type)
                .register(registry);
    }

    /** Jobs that succeeded since start. */
    public long succeeded() {
        return (long) succeeded.count();
    }

    /** Failed jobs by error type, sorted by type, leaving out types with no failure. */
    public Map<String, Long> failedByType() {
        Map<String, Long> counts = new TreeMap<>();
        registry.find("worker.jobs.failed").counters().forEach(counter -> {
            long count = (long) counter.count();
            if (count > 0) {
                counts.put(counter.getId().getTag("type"), count);
            }
        });
        return counts;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Renders every metric in the Prometheus text format, version 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
