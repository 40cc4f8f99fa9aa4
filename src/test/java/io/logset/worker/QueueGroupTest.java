package io.logset.worker;

import io.logset.worker.config.ConfigReader;
import io.logset.worker.support.CallbackTarget;
import io.logset.worker.support.JobBytes;
import io.logset.worker.support.NatsServer;
import io.logset.worker.support.ResultReader;
import io.logset.worker.support.WorkerEnv;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.logset.worker.support.ResultReader.data;
import static io.logset.worker.support.ResultReader.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Three workers in one queue group share the jobs: each job is run by exactly one of them. */
class QueueGroupTest {

    private static final int JOBS = 300;

    @Test
    void threeWorkersShareJobsOnce() throws Exception {
        try (NatsServer nats = NatsServer.start(); CallbackTarget target = CallbackTarget.start()) {
            List<Worker> workers = new ArrayList<>();
            try (Connection client = nats.connect()) {
                for (int node = 1; node <= 3; node++) {
                    workers.add(Worker.start(ConfigReader.read(WorkerEnv.forServer(nats, "node-" + node))));
                }

                for (int index = 0; index < JOBS; index++) {
                    // A short delay per callback keeps all three nodes busy at once.
                    Map<String, Object> option = JobBytes.httpOption("POST", target.url("/slow/5"),
                            Map.of("X-Job", Integer.toString(index)), Map.of("index", index));
                    client.publish("jobs.node" + (index % 5), JobBytes.msgpack(JobBytes.job("shared", index, "HTTP", option)));
                }

                List<Map<String, Object>> results = new ResultReader(client).await("shared", JOBS, Duration.ofSeconds(60));
                assertEquals(JOBS, results.size());

                List<CallbackTarget.Request> callbacks = target.requests();
                assertEquals(JOBS, callbacks.size(), "callbacks made");
                Set<String> distinct = callbacks.stream().map(r -> r.header("X-Job")).collect(Collectors.toSet());
                assertEquals(JOBS, distinct.size(), "each job called back exactly once");

                Set<Long> indexes = new HashSet<>();
                Map<Object, Integer> perNode = new HashMap<>();
                for (Map<String, Object> result : results) {
                    indexes.add((Long) metadata(result).get("index"));
                    perNode.merge(data(result).get("node"), 1, Integer::sum);
                }
                assertEquals(JOBS, indexes.size(), "one result per job");
                assertEquals(Set.of("node-1", "node-2", "node-3"), perNode.keySet(), "every node ran jobs: " + perNode);
                for (int count : perNode.values()) {
                    assertTrue(count >= JOBS / 10, "each node took a fair share: " + perNode);
                }
            } finally {
                workers.forEach(Worker::close);
            }
        }
    }
}
