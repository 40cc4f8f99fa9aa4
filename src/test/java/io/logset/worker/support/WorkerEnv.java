package io.logset.worker.support;

import java.util.HashMap;
import java.util.Map;

/** Environment maps for starting a worker against a test server. */
public final class WorkerEnv {

    private WorkerEnv() {
    }

    /** The required variables for {@code server}, plus a node name and a short callback timeout. */
    public static Map<String, String> forServer(NatsServer server, String nodeName) {
        return forServers(server.url(), server.seed(), nodeName);
    }

    public static Map<String, String> forServers(String hosts, String seed, String nodeName) {
        Map<String, String> env = new HashMap<>();
        env.put("NATS_HOSTS", hosts);
        env.put("NATS_NKEY", seed);
        env.put("NODE_NAME", nodeName);
        env.put("CALLBACK_TIMEOUT", "2s");
        env.put("SHUTDOWN_GRACE", "5s");
        return env;
    }
}
