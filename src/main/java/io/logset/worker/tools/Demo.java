package io.logset.worker.tools;

import com.sun.net.httpserver.HttpServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.MessageInfo;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The tools behind {@code scripts/demo.sh}: {@code nkey} prints a fresh NKEY user (seed, then public key), and
 * {@code run} plays a producer and a collector against a running worker. It starts an HTTP endpoint on
 * loopback, publishes one MessagePack job the way the scheduler does, waits for the callback and prints the
 * stored result as JSON. {@code run} reads {@code NATS_HOSTS} and {@code NATS_NKEY} like the worker.
 */
public final class Demo {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length > 0 ? args[0] : "";
        switch (command) {
            case "nkey" -> printNewUser();
            case "run" -> System.exit(run());
            default -> {
                System.err.println("usage: java -cp worker.jar " + Demo.class.getName() + " nkey|run");
                System.exit(2);
            }
        }
    }

    private static void printNewUser() throws IOException, GeneralSecurityException {
        NKey user = NKey.createUser(null);
        System.out.println(new String(user.getSeed()) + " " + new String(user.getPublicKey()));
    }

    private static int run() throws Exception {
        CompletableFuture<String> callback = new CompletableFuture<>();
        HttpServer endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        endpoint.createContext("/demo/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            callback.complete(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body);
            byte[] answer = "{\"received\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        endpoint.start();

        String url = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/demo/hook";
        String key = "demo-" + Instant.now().getEpochSecond();
        try (Connection nats = connect()) {
            nats.publish("jobs.demo", job(key, url));
            nats.flush(WAIT);
            System.out.println("published job " + key + " on jobs.demo: POST " + url);

            System.out.println("callback received: " + callback.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            String result = awaitResult(nats.jetStreamManagement(), key);
            System.out.println("result stored in COLLECT_logset_jobs:");
            System.out.println(result);
            return 0;
        } finally {
            endpoint.stop(0);
        }
    }

    private static Connection connect() throws IOException, InterruptedException {
        String hosts = System.getenv("NATS_HOSTS");
        String seed = System.getenv("NATS_NKEY");
        if (hosts == null || seed == null) {
            throw new IllegalStateException("set NATS_HOSTS and NATS_NKEY as for the worker");
        }
        Options options = new Options.Builder()
                .servers(hosts.split("\\s*,\\s*"))
                .authHandler(Nats.staticCredentials(null, seed.toCharArray()))
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        return Nats.connect(options);
    }

    /** Encodes a job as the scheduler does: a MessagePack map {key, index, mode, option}. */
    private static byte[] job(String key, String url) throws IOException {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packMapHeader(4);
            packer.packString("key").packString(key);
            packer.packString("index").packInt(1);
            packer.packString("mode").packString("HTTP");
            packer.packString("option").packMapHeader(4);
            packer.packString("method").packString("POST");
            packer.packString("url").packString(url);
            packer.packString("headers").packMapHeader(1).packString("X-Demo").packString("yes");
            packer.packString("body").packMapHeader(1).packString("hello").packString("worker");
            return packer.toByteArray();
        }
    }

    /** Finds the job's result by reading the stream backwards from its last message, without consuming it. */
    private static String awaitResult(JetStreamManagement jsm, String key)
            throws IOException, JetStreamApiException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var state = jsm.getStreamInfo("COLLECT_logset_jobs").getStreamState();
            for (long seq = state.getLastSequence(); seq >= state.getFirstSequence() && seq > 0; seq--) {
                MessageInfo message = jsm.getMessage("COLLECT_logset_jobs", seq);
                try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(message.getData())) {
                    Value result = unpacker.unpackValue();
                    if (result.toJson().contains("\"key\":\"" + key + "\"")) {
                        return result.toJson();
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no result for job " + key + " within " + WAIT.toSeconds() + " s");
    }
}
