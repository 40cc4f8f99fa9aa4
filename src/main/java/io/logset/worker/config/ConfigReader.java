package io.logset.worker.config;

import io.logset.worker.execution.CallbackSecurity;
import io.logset.worker.execution.RetryPolicy;

import javax.net.ssl.SSLContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads {@link WorkerConfig} from environment variables. Every problem is collected before failing, so an
 * operator sees all of them in one start.
 */
public final class ConfigReader {

    public static final String DEFAULT_JOB_SUBJECT = "jobs.*";
    public static final String DEFAULT_QUEUE_GROUP = "WORKER";
    public static final int DEFAULT_MAX_IN_FLIGHT = 512;
    public static final int DEFAULT_PENDING_MESSAGES = 100_000;
    public static final long DEFAULT_PENDING_BYTES = 64L * 1024 * 1024;
    public static final Duration DEFAULT_CALLBACK_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;
    public static final String DEFAULT_RESULT_LOGSET = "logset_jobs";
    public static final int DEFAULT_RESULT_STREAM_REPLICAS = 1;
    /** Below Kubernetes' default termination grace period of 30 s, so the pod is not killed mid-drain. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(25);
    /** The NATS server's default max_payload, so by default every job the server delivers is accepted. */
    public static final int DEFAULT_JOB_MAX_BYTES = 1024 * 1024;
    /** Port of the health and metrics endpoints, or {@code 0} to turn them off. */
    public static final int DEFAULT_HEALTH_PORT = 8080;
    /** All interfaces, so that Kubernetes probes and Prometheus reach the pod's address. */
    public static final String DEFAULT_HEALTH_BIND = "0.0.0.0";

    /**
     * Every environment variable the worker reads. The deployment manifests are checked against this list, and a
     * test checks that {@link #read} reads exactly these.
     */
    public static final List<String> VARIABLES = List.of("MODE", "NATS_HOSTS", "NATS_NKEY", "NATS_CREDS",
            "NATS_TLS_CA", "NATS_TLS_CERT", "NATS_TLS_KEY", "NODE_NAME", "JOB_SUBJECT", "QUEUE_GROUP",
            "MAX_IN_FLIGHT", "INTAKE_PENDING_MESSAGES", "INTAKE_PENDING_BYTES", "JOB_MAX_BYTES", "INTAKE",
            "JOB_STREAM", "JOB_STREAM_SUBJECTS", "JOB_CONSUMER", "JOB_MAX_DELIVER", "JOB_ACK_WAIT",
            "JOB_MAX_ACK_PENDING", "JOB_STREAM_REPLICAS", "RETRY_MAX_ATTEMPTS", "RETRY_INITIAL_DELAY",
            "RETRY_MAX_DELAY", "CALLBACK_TIMEOUT",
            "CALLBACK_MAX_RESPONSE_BYTES", "CALLBACK_ALLOW", "CALLBACK_DENY", "CALLBACK_DENY_PRIVATE",
            "CALLBACK_DENY_LOOPBACK", "CALLBACK_FOLLOW_REDIRECTS", "CALLBACK_MAX_REDIRECTS", "CALLBACK_MAX_HEADERS",
            "CALLBACK_MAX_HEADER_BYTES", "CALLBACK_SIGNING_SECRET", "REDACT_HEADERS", "RESULT_REDACT_HEADERS",
            "RESULT_LOGSET", "RESULT_STREAM_REPLICAS", "SHUTDOWN_GRACE", "HEALTH_PORT", "HEALTH_BIND");
    /** The variables without a default; a deployment may set NATS_CREDS in place of NATS_NKEY. */
    public static final List<String> REQUIRED = List.of("NATS_HOSTS", "NATS_NKEY");

    public static final IntakeMode DEFAULT_INTAKE = IntakeMode.CORE;
    public static final String DEFAULT_JOB_STREAM = "JOBS";
    public static final String DEFAULT_JOB_STREAM_SUBJECTS = "jobs.>";
    public static final String DEFAULT_JOB_CONSUMER = "WORKER";
    public static final int DEFAULT_JOB_MAX_DELIVER = 5;
    /** Well above the default callback timeout; running jobs extend it with in-progress acknowledgements. */
    public static final Duration DEFAULT_JOB_ACK_WAIT = Duration.ofSeconds(30);
    /** Room for 39 nodes at the default MAX_IN_FLIGHT of 512; the server's own default of 1000 fits two. */
    public static final int DEFAULT_JOB_MAX_ACK_PENDING = 20_000;
    public static final int DEFAULT_JOB_STREAM_REPLICAS = 1;
    public static final int DEFAULT_RETRY_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_RETRY_INITIAL_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RETRY_MAX_DELAY = Duration.ofSeconds(30);

    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    private ConfigReader(Map<String, String> env) {
        this.env = env;
    }

    /**
     * Reads and validates the configuration.
     *
     * @throws ConfigException listing every problem, one line each
     */
    public static WorkerConfig read(Map<String, String> env) {
        return new ConfigReader(env).read();
    }

    private WorkerConfig read() {
        Mode mode = readMode();
        List<String> servers = readServers();
        NatsAuthReader natsAuth = new NatsAuthReader(this);
        CredsFile.Credentials credentials = natsAuth.readCredentials();
        NkeySeed nkey = credentials == null ? null : credentials.seed();
        SSLContext natsTls = natsAuth.readTls(servers.stream().anyMatch(server -> server.startsWith("tls://")));
        String nodeName = text("NODE_NAME", defaultNodeName());
        String jobSubject = subject("JOB_SUBJECT", DEFAULT_JOB_SUBJECT, true);
        String queueGroup = subject("QUEUE_GROUP", DEFAULT_QUEUE_GROUP, false);

        int maxInFlight = (int) number("MAX_IN_FLIGHT", DEFAULT_MAX_IN_FLIGHT, 1, 100_000);
        int pendingMessages = (int) number("INTAKE_PENDING_MESSAGES", DEFAULT_PENDING_MESSAGES, 1, 10_000_000);
        long pendingBytes = number("INTAKE_PENDING_BYTES", DEFAULT_PENDING_BYTES, 1024, 1L << 34);
        Duration callbackTimeout = duration("CALLBACK_TIMEOUT", DEFAULT_CALLBACK_TIMEOUT);
        int maxResponseBytes = (int) number("CALLBACK_MAX_RESPONSE_BYTES", DEFAULT_MAX_RESPONSE_BYTES, 0, 16 << 20);

        String resultLogset = text("RESULT_LOGSET", DEFAULT_RESULT_LOGSET);
        if (!resultLogset.matches("[A-Za-z0-9_-]+")) {
            problems.add("RESULT_LOGSET: '" + resultLogset + "' is invalid: use letters, digits, '_' and '-' only,"
                    + " because it becomes a stream name and a subject token");
        }
        int replicas = (int) number("RESULT_STREAM_REPLICAS", DEFAULT_RESULT_STREAM_REPLICAS, 1, 5);
        Duration shutdownGrace = duration("SHUTDOWN_GRACE", DEFAULT_SHUTDOWN_GRACE);
        int jobMaxBytes = (int) number("JOB_MAX_BYTES", DEFAULT_JOB_MAX_BYTES, 1024, 64 << 20);
        CallbackSecurity callback = new CallbackSecurityReader(this).read();
        IntakeMode intake = readIntake();
        JobStreamSettings jobStream = readJobStream(maxInFlight);
        RetryPolicy retry = readRetry();
        int healthPort = (int) number("HEALTH_PORT", DEFAULT_HEALTH_PORT, 0, 65_535);
        String healthBind = text("HEALTH_BIND", DEFAULT_HEALTH_BIND);
        if (!healthBind.matches("[A-Za-z0-9.:%_-]+")) {
            problems.add("HEALTH_BIND: '" + healthBind + "' is invalid: use an IP address such as 0.0.0.0 or"
                    + " 127.0.0.1, or a host name");
        }

        if (!problems.isEmpty()) {
            if (nkey != null) {
                nkey.wipe();
            }
            throw new ConfigException(problems);
        }
        return new WorkerConfig(mode, servers, nkey, nodeName, jobSubject, queueGroup, maxInFlight,
                pendingMessages, pendingBytes, callbackTimeout, maxResponseBytes, resultLogset, replicas, shutdownGrace,
                credentials.userJwt(), natsTls, jobMaxBytes, callback, intake, jobStream, retry,
                healthPort, healthBind);
    }

    private IntakeMode readIntake() {
        String value = env.get("INTAKE");
        if (value == null || value.isBlank()) {
            return DEFAULT_INTAKE;
        }
        return IntakeMode.parse(value).orElseGet(() -> {
            problems.add("INTAKE: '" + value.strip() + "' is invalid: set it to 'core' or 'jetstream'");
            return DEFAULT_INTAKE;
        });
    }

    private JobStreamSettings readJobStream(int maxInFlight) {
        String stream = name("JOB_STREAM", DEFAULT_JOB_STREAM);
        List<String> subjects = new ArrayList<>();
        for (String entry : text("JOB_STREAM_SUBJECTS", DEFAULT_JOB_STREAM_SUBJECTS).split(",")) {
            if (!entry.isBlank()) {
                subjects.add(entry.strip());
            }
        }
        for (String subject : subjects) {
            if (!subject.matches("[^\\s.]+(\\.[^\\s.]+)*")) {
                problems.add("JOB_STREAM_SUBJECTS: '" + subject + "' is invalid: use dot-separated tokens without"
                        + " blanks, separated by commas, for example 'jobs.>'");
            }
        }
        if (subjects.isEmpty()) {
            problems.add("JOB_STREAM_SUBJECTS: contains no subject: list at least one, for example 'jobs.>'");
        }
        String consumer = name("JOB_CONSUMER", DEFAULT_JOB_CONSUMER);
        int maxDeliver = (int) number("JOB_MAX_DELIVER", DEFAULT_JOB_MAX_DELIVER, 1, RetryPolicy.MAX_ATTEMPTS_LIMIT);
        Duration ackWait = duration("JOB_ACK_WAIT", DEFAULT_JOB_ACK_WAIT);
        int maxAckPending = (int) number("JOB_MAX_ACK_PENDING", DEFAULT_JOB_MAX_ACK_PENDING, 1, 10_000_000);
        if (maxAckPending < maxInFlight) {
            problems.add("JOB_MAX_ACK_PENDING: " + maxAckPending + " is below MAX_IN_FLIGHT (" + maxInFlight
                    + "): set it to at least replicas x MAX_IN_FLIGHT, or the nodes cannot fill their slots");
        }
        int replicas = (int) number("JOB_STREAM_REPLICAS", DEFAULT_JOB_STREAM_REPLICAS, 1, 5);
        return new JobStreamSettings(stream, subjects, consumer, maxDeliver, ackWait, maxAckPending, replicas);
    }

    private RetryPolicy readRetry() {
        int maxAttempts = (int) number("RETRY_MAX_ATTEMPTS", DEFAULT_RETRY_MAX_ATTEMPTS, 1,
                RetryPolicy.MAX_ATTEMPTS_LIMIT);
        Duration initialDelay = duration("RETRY_INITIAL_DELAY", DEFAULT_RETRY_INITIAL_DELAY);
        Duration maxDelay = duration("RETRY_MAX_DELAY", DEFAULT_RETRY_MAX_DELAY);
        if (initialDelay.compareTo(maxDelay) > 0) {
            problems.add("RETRY_INITIAL_DELAY: " + initialDelay.toMillis() + " ms is above RETRY_MAX_DELAY ("
                    + maxDelay.toMillis() + " ms): make it smaller or raise RETRY_MAX_DELAY");
            return new RetryPolicy(maxAttempts, maxDelay, maxDelay);
        }
        return new RetryPolicy(maxAttempts, initialDelay, maxDelay);
    }

    /** Reads a stream or consumer name, which JetStream limits to letters, digits, '_' and '-'. */
    private String name(String variable, String defaultValue) {
        String value = text(variable, defaultValue);
        if (!value.matches("[A-Za-z0-9_-]+")) {
            problems.add(variable + ": '" + value + "' is invalid: use letters, digits, '_' and '-' only");
        }
        return value;
    }

    private Mode readMode() {
        String value = env.get("MODE");
        if (value == null || value.isBlank()) {
            return Mode.DEBUG;
        }
        return Mode.parse(value).orElseGet(() -> {
            problems.add("MODE: '" + value + "' is invalid: set it to 'debug' or 'release'");
            return Mode.DEBUG;
        });
    }

    private List<String> readServers() {
        String value = env.get("NATS_HOSTS");
        if (value == null || value.isBlank()) {
            problems.add("NATS_HOSTS: missing: set it to one or more NATS servers separated by commas,"
                    + " for example 'nats-0:4222,nats-1:4222'");
            return List.of();
        }
        List<String> servers = new ArrayList<>();
        for (String entry : value.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                servers.add(NatsHosts.normalize(entry.strip()));
            } catch (IllegalArgumentException e) {
                problems.add("NATS_HOSTS: '" + entry.strip() + "' " + e.getMessage());
            }
        }
        if (servers.isEmpty() && problems.stream().noneMatch(p -> p.startsWith("NATS_HOSTS"))) {
            problems.add("NATS_HOSTS: contains no server: list at least one, for example 'localhost:4222'");
        }
        return servers;
    }

    void problem(String problem) {
        problems.add(problem);
    }

    boolean isSet(String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }

    /** The variable's value as set, for secrets that must not pass through more strings than needed. */
    String raw(String name) {
        return env.get(name);
    }

    /** Reads {@code true} or {@code false}, ignoring case. */
    boolean flag(String name, boolean defaultValue) {
        return parse(name, defaultValue, text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("is not a boolean: set it to true or false");
        });
    }

    /** Reads a comma-separated list, skipping blank entries; empty when the variable is not set. */
    List<String> list(String name) {
        return Arrays.stream(text(name, "").split(",")).map(String::strip).filter(e -> !e.isEmpty()).toList();
    }

    String text(String name, String defaultValue) {
        String value = env.get(name);
        return value == null || value.isBlank() ? defaultValue : value.strip();
    }

    private String subject(String name, String defaultValue, boolean wildcardsAllowed) {
        String value = text(name, defaultValue);
        boolean valid = value.matches("[^\\s.]+(\\.[^\\s.]+)*")
                && (wildcardsAllowed || !(value.contains("*") || value.contains(">")));
        if (!valid) {
            problems.add(name + ": '" + value + "' is invalid: use dot-separated tokens without blanks"
                    + (wildcardsAllowed ? "" : " or wildcards"));
        }
        return value;
    }

    long number(String name, long defaultValue, long min, long max) {
        return parse(name, defaultValue, text -> {
            long value = Long.parseLong(text.replace("_", ""));
            if (value < min || value > max) {
                throw new IllegalArgumentException("is out of range: use a whole number from " + min + " to " + max);
            }
            return value;
        });
    }

    private Duration duration(String name, Duration defaultValue) {
        return parse(name, defaultValue, text -> {
            Duration value = Durations.parse(text);
            if (value.isZero() || value.isNegative() || value.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("is out of range: use a duration above 0 and up to 1h");
            }
            return value;
        });
    }

    private <T> T parse(String name, T defaultValue, Function<String, T> parser) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return parser.apply(value.strip());
        } catch (NumberFormatException e) {
            problems.add(name + ": '" + value.strip() + "' is not a whole number: use digits only, for example "
                    + defaultValue);
        } catch (IllegalArgumentException e) {
            problems.add(name + ": '" + value.strip() + "' " + e.getMessage());
        }
        return defaultValue;
    }

    private static String defaultNodeName() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "worker";
        }
    }
}
