package io.logset.worker.bench;

import io.nats.client.Connection;
import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The worker benchmark: starts a nats-server, an HTTP target and worker processes, publishes jobs as the
 * scheduler does and reads every result back. Prints one Markdown table per scenario with the median of
 * several runs. {@code --smoke} runs every scenario once with a few hundred jobs, to check that the program
 * still works; its figures mean nothing.
 *
 * <p>Usage: {@code java -jar worker-bench.jar [--smoke] [--runs N] [--jar path/to/worker.jar] [--only name]}
 */
public final class Benchmark {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    private final Path jar;
    private final int runs;
    private final boolean smoke;
    private final String only;
    private final List<String> report = new ArrayList<>();

    private Benchmark(Path jar, int runs, boolean smoke, String only) {
        this.jar = jar;
        this.runs = runs;
        this.smoke = smoke;
        this.only = only;
    }

    public static void main(String[] args) throws Exception {
        // The JDK's HTTP server closes idle connections beyond 200 by default. At 512 concurrent requests that
        // races with a client reusing them, while a target in production keeps its connections open.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
        List<String> arguments = Arrays.asList(args);
        boolean smoke = arguments.contains("--smoke");
        int runs = smoke ? 1 : Integer.parseInt(option(arguments, "--runs", "5"));
        Path jar = Path.of(option(arguments, "--jar", "target/worker.jar"));
        String only = option(arguments, "--only", "");
        if (!Files.isRegularFile(jar)) {
            System.err.println("worker jar not found at " + jar + ": build it with 'mvn -DskipTests package'");
            System.exit(2);
        }
        new Benchmark(jar, runs, smoke, only).runAll();
    }

    private static String option(List<String> arguments, String name, String defaultValue) {
        int at = arguments.indexOf(name);
        return at >= 0 && at + 1 < arguments.size() ? arguments.get(at + 1) : defaultValue;
    }

    private int jobs(int full) {
        return smoke ? Math.min(full, 300) : full;
    }

    private boolean selected(String name) {
        return only.isEmpty() || only.equals(name);
    }

    private void runAll() throws Exception {
        print("# worker benchmark, " + Instant.now() + ", " + Runtime.getRuntime().availableProcessors() + " cores, JDK "
                + System.getProperty("java.version") + (smoke ? ", smoke run (figures are not measurements)" : "")
                + ", median of " + runs + " runs");
        try (NatsProcess nats = NatsProcess.start(); DelayTarget target = new DelayTarget();
             Connection client = nats.connect()) {
            if (selected("instant")) {
                instantTarget(nats, client, target);
            }
            if (selected("delay100")) {
                slowTarget(nats, client, target);
            }
            if (selected("latency")) {
                latency(nats, client, target);
            }
            if (selected("memory")) {
                memory(nats, client, target);
            }
        }
        print("");
        print("benchmark finished");
    }

    /** Measures a target that responds at once: worker throughput against the raw HTTP ceiling and the one-in-flight baseline. */
    private void instantTarget(NatsProcess nats, Connection client, DelayTarget target) throws Exception {
        target.delay(0);
        int jobs = jobs(20_000);
        int concurrency = 512;

        List<Double> raw = new ArrayList<>();
        List<Double> worker = new ArrayList<>();
        double[] cpuPerThousand = new double[4];
        Duration startup;
        try (WorkerFleet fleet = WorkerFleet.start(jar, nats, client, target, 1, Map.of("MAX_IN_FLIGHT", "512"));
             JobLoad load = new JobLoad(client, target.url())) {
            startup = fleet.startupToFirstJob();
            warmUp(load);
            RawHttpLoad.run(target.url(), jobs(2_000), concurrency);
            long self = ProcessHandle.current().pid();
            for (int run = 0; run < runs; run++) {
                double rawCpu = ProcessMemory.cpuSeconds(self);
                raw.add(RawHttpLoad.run(target.url(), jobs, concurrency));
                cpuPerThousand[3] += (ProcessMemory.cpuSeconds(self) - rawCpu) * 1000 / jobs / runs;

                double workerCpu = ProcessMemory.cpuSeconds(fleet.firstPid());
                double natsCpu = ProcessMemory.cpuSeconds(nats.pid());
                double benchCpu = ProcessMemory.cpuSeconds(self);
                worker.add(measure(load, jobs, 0).jobsPerSecond());
                cpuPerThousand[0] += (ProcessMemory.cpuSeconds(fleet.firstPid()) - workerCpu) * 1000 / jobs / runs;
                cpuPerThousand[1] += (ProcessMemory.cpuSeconds(nats.pid()) - natsCpu) * 1000 / jobs / runs;
                cpuPerThousand[2] += (ProcessMemory.cpuSeconds(self) - benchCpu) * 1000 / jobs / runs;
            }
        }

        List<Double> serial = new ArrayList<>();
        int serialJobs = jobs(2_000);
        try (WorkerFleet fleet = WorkerFleet.start(jar, nats, client, target, 1, Map.of("MAX_IN_FLIGHT", "1"));
             JobLoad load = new JobLoad(client, target.url())) {
            warmUp(load);
            for (int run = 0; run < runs; run++) {
                serial.add(measure(load, serialJobs, 0).jobsPerSecond());
            }
        }

        double workerMedian = median(worker);
        print("");
        print("## Target answering at once (" + jobs + " jobs, MAX_IN_FLIGHT=512)");
        print("| figure | jobs/s (median) | runs |");
        print("|---|---|---|");
        print("| raw HTTP ceiling, JDK client, 512 concurrent | " + round(median(raw)) + " | " + list(raw) + " |");
        print("| worker, 1 node | " + round(workerMedian) + " | " + list(worker) + " |");
        print("| worker, 1 node, MAX_IN_FLIGHT=1 (" + serialJobs + " jobs) | " + round(median(serial)) + " | "
                + list(serial) + " |");
        print("");
        print("- worker / raw HTTP ceiling: " + percent(workerMedian / median(raw)));
        print("- worker / one-in-flight baseline: " + ratio(workerMedian / median(serial)));
        print("- process start to first job taken: " + startup.toMillis() + " ms");
        print(String.format("- CPU seconds per 1,000 jobs in the worker runs (mean): worker %.2f, nats-server %.2f,"
                + " target and load generator %.2f; in the raw HTTP runs: target and client %.2f", cpuPerThousand[0],
                cpuPerThousand[1], cpuPerThousand[2], cpuPerThousand[3]));
    }

    /**
     * Measures a target that responds in 100 ms: one node at the default bound, then one and three nodes at a
     * bound low enough that a node's own slots limit it, which is what adding nodes is for.
     */
    private void slowTarget(NatsProcess nats, Connection client, DelayTarget target) throws Exception {
        target.delay(100);
        int jobs = jobs(2_000);
        Map<String, String> wide = Map.of("MAX_IN_FLIGHT", "512");
        Map<String, String> narrow = Map.of("MAX_IN_FLIGHT", "64");

        List<Double> one = throughput(nats, client, target, 1, wide, jobs);
        List<Double> three = throughput(nats, client, target, 3, wide, jobs);
        List<Double> oneNarrow = throughput(nats, client, target, 1, narrow, jobs);
        List<Double> threeNarrow = throughput(nats, client, target, 3, narrow, jobs);
        List<Double> serial = throughput(nats, client, target, 1, Map.of("MAX_IN_FLIGHT", "1"), jobs(50));

        print("");
        print("## Target answering in 100 ms (" + jobs + " jobs)");
        print("| figure | jobs/s (median) | runs |");
        print("|---|---|---|");
        print("| worker, 1 node, MAX_IN_FLIGHT=512 | " + round(median(one)) + " | " + list(one) + " |");
        print("| worker, 3 nodes, MAX_IN_FLIGHT=512 each | " + round(median(three)) + " | " + list(three) + " |");
        print("| worker, 1 node, MAX_IN_FLIGHT=64 | " + round(median(oneNarrow)) + " | " + list(oneNarrow) + " |");
        print("| worker, 3 nodes, MAX_IN_FLIGHT=64 each | " + round(median(threeNarrow)) + " | " + list(threeNarrow)
                + " |");
        print("| worker, 1 node, MAX_IN_FLIGHT=1 (" + jobs(50) + " jobs) | " + round(median(serial)) + " | "
                + list(serial) + " |");
        print("");
        print("- 1 node at 512 / one-in-flight baseline: " + ratio(median(one) / median(serial)));
        print("- 3 nodes / 1 node, 512 each: " + ratio(median(three) / median(one)));
        print("- 3 nodes / 1 node, 64 each: " + ratio(median(threeNarrow) / median(oneNarrow)));
    }

    private List<Double> throughput(NatsProcess nats, Connection client, DelayTarget target, int nodes,
                                    Map<String, String> settings, int jobs) throws Exception {
        List<Double> figures = new ArrayList<>();
        try (WorkerFleet fleet = WorkerFleet.start(jar, nats, client, target, nodes, settings);
             JobLoad load = new JobLoad(client, target.url())) {
            // Warm up with as many jobs as one run: a one-in-flight node at 100 ms takes 10 s per 100 jobs.
            measure(load, jobs, 0);
            for (int run = 0; run < runs; run++) {
                figures.add(measure(load, jobs, 0).jobsPerSecond());
            }
        }
        return figures;
    }

    /** End-to-end latency at a fixed offered rate of 1,000 jobs per second. */
    private void latency(NatsProcess nats, Connection client, DelayTarget target) throws Exception {
        target.delay(0);
        int jobs = jobs(5_000);
        List<Histogram> histograms = new ArrayList<>();
        try (WorkerFleet fleet = WorkerFleet.start(jar, nats, client, target, 1, Map.of());
             JobLoad load = new JobLoad(client, target.url())) {
            warmUp(load);
            for (int run = 0; run < runs; run++) {
                histograms.add(measure(load, jobs, 1_000).latency());
            }
        }

        print("");
        print("## End-to-end latency at 1,000 jobs/s offered (" + jobs + " jobs, target answering at once)");
        print("From the job's intended publish time to its result reaching a subscriber of the result subject.");
        print("| percentile | ms (median of runs) | runs |");
        print("|---|---|---|");
        for (double percentile : new double[]{50, 90, 99, 100}) {
            List<Double> values = histograms.stream()
                    .map(h -> h.getValueAtPercentile(percentile) / 1000.0)
                    .toList();
            print("| " + (percentile == 100 ? "max" : "p" + (int) percentile) + " | " + round2(median(values)) + " | "
                    + list2(values) + " |");
        }
    }

    /** Heap after GC and resident memory with 1,000 jobs in flight, and again under a backlog. */
    private void memory(NatsProcess nats, Connection client, DelayTarget target) throws Exception {
        target.delay(0);
        int inFlight = smoke ? 100 : 1_000;
        try (WorkerFleet fleet = WorkerFleet.start(jar, nats, client, target, 1,
                Map.of("MAX_IN_FLIGHT", Integer.toString(inFlight)));
             JobLoad load = new JobLoad(client, target.url())) {
            target.delay(smoke ? 500 : 3_000);
            Thread.ofVirtual().start(() -> {
                try {
                    load.run(inFlight * 3, 0, RUN_TIMEOUT);
                } catch (Exception e) {
                    System.err.println("memory load failed: " + e);
                }
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (target.active() < inFlight && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            int active = target.active();
            double heap = ProcessMemory.heapAfterGcMiB(fleet.firstPid());
            double rss = ProcessMemory.residentMiB(fleet.firstPid());
            Thread.sleep(target.delay() / 2);
            double heapLater = ProcessMemory.heapAfterGcMiB(fleet.firstPid());
            double rssLater = ProcessMemory.residentMiB(fleet.firstPid());

            print("");
            print("## Memory with " + inFlight + " jobs in flight (target answering in " + target.delay() + " ms, "
                    + inFlight * 2 + " more jobs waiting)");
            print("| figure | first sample | " + target.delay() / 2 + " ms later |");
            print("|---|---|---|");
            print("| callbacks open at the target | " + active + " | " + target.active() + " |");
            print("| heap after full GC, MiB | " + round2(heap) + " | " + round2(heapLater) + " |");
            print("| resident set, MiB | " + round2(rss) + " | " + round2(rssLater) + " |");
            target.delay(0);
        }
    }

    private void warmUp(JobLoad load) throws Exception {
        measure(load, jobs(2_000), 0);
    }

    private JobLoad.Run measure(JobLoad load, int jobs, int perSecond) throws Exception {
        JobLoad.Run run = load.run(jobs, perSecond, RUN_TIMEOUT);
        load.checkStoredAndPurge(jobs);
        return run;
    }

    private void print(String line) {
        report.add(line);
        System.out.println(line);
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String round(double value) {
        return String.format("%,.0f", value);
    }

    private static String round2(double value) {
        return String.format("%.2f", value);
    }

    private static String list(List<Double> values) {
        return String.join(", ", values.stream().map(Benchmark::round).toList());
    }

    private static String list2(List<Double> values) {
        return String.join(", ", values.stream().map(Benchmark::round2).toList());
    }

    private static String percent(double fraction) {
        return String.format("%.0f %%", fraction * 100);
    }

    private static String ratio(double value) {
        return String.format("%.1fx", value);
    }
}
