package io.logset.worker.config;

import io.logset.worker.support.NatsOperator;
import io.logset.worker.support.NatsServer;
import io.logset.worker.support.TestCertificates;
import io.nats.client.support.JwtUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Configuration of NATS credentials, TLS files and callback security, and the secrecy of their errors. */
class SecurityConfigTest {

    private static final String[] USER = NatsServer.newUser();
    private static NatsOperator operator;
    private static TestCertificates certificates;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        operator = NatsOperator.create();
        certificates = TestCertificates.create();
    }

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("NATS_HOSTS", "localhost:4222");
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static List<String> problems(Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> ConfigReader.read(env)).problems();
    }

    @Test
    void credsFileGivesSeedAndJwt() {
        String[] creds = operator.writeCreds(dir.resolve("u.creds"));

        WorkerConfig config = ConfigReader.read(env("NATS_CREDS", creds[0]));

        assertEquals(creds[2], config.natsUserJwt().token());
        assertTrue(config.nkey().publicKey().startsWith("U"));
        assertFalse(config.toString().contains(creds[1]), "seed in toString");
        assertFalse(config.toString().contains(creds[2]), "JWT in toString");
    }

    @Test
    void nkeyAndCredsTogetherRejected() {
        String[] creds = operator.writeCreds(dir.resolve("both.creds"));

        List<String> problems = problems(env("NATS_NKEY", USER[0], "NATS_CREDS", creds[0]));

        assertEquals(List.of("NATS_NKEY, NATS_CREDS: both are set: set only one, NATS_NKEY for an NKEY user seed or"
                + " NATS_CREDS for a credentials file"), problems);
    }

    @Test
    void neitherNkeyNorCredsRejected() {
        List<String> problems = problems(env());

        assertEquals(1, problems.size());
        assertTrue(problems.getFirst().startsWith("NATS_NKEY: missing"), problems.getFirst());
        assertTrue(problems.getFirst().contains("NATS_CREDS"), problems.getFirst());
    }

    @Test
    void nkeyAloneNeedsNoCreds() {
        WorkerConfig config = ConfigReader.read(env("NATS_NKEY", USER[0]));

        assertEquals(USER[1], config.nkey().publicKey());
        assertNull(config.natsUserJwt());
        assertNull(config.natsTls());
    }

    @Test
    void badCredsFilesRejectedWithoutSecrets() throws Exception {
        String[] creds = operator.writeCreds(dir.resolve("good.creds"));
        String[] other = operator.writeCreds(dir.resolve("other.creds"));
        String[] expired = operator.writeCreds(dir.resolve("expired.creds"), Duration.ofSeconds(60),
                JwtUtils.currentTimeSeconds() - 3600);
        String text = Files.readString(Path.of(creds[0]));
        Path mismatched = Files.writeString(dir.resolve("mismatched.creds"), text.replace(creds[1], other[1]));
        Path noJwt = Files.writeString(dir.resolve("nojwt.creds"), text.substring(text.indexOf("****")));
        Path brokenSeed = Files.writeString(dir.resolve("broken.creds"),
                text.replace(creds[1], creds[1].substring(0, creds[1].length() - 3) + "AAA"));

        Map<Path, String> cases = Map.of(
                dir.resolve("missing.creds"), "cannot be read (NoSuchFileException)",
                noJwt, "is not a NATS credentials file",
                mismatched, "but the seed of",
                brokenSeed, "is not a valid NKEY seed",
                Path.of(expired[0]), "contains a user JWT that expired at");
        for (Map.Entry<Path, String> entry : cases.entrySet()) {
            List<String> problems = assertThrows(ConfigException.class,
                    () -> ConfigReader.read(env("NATS_CREDS", entry.getKey().toString())), entry.getKey().toString())
                    .problems();
            String problem = problems.getFirst();
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problem.startsWith("NATS_CREDS: '" + entry.getKey() + "' "), problem);
            assertTrue(problem.contains(entry.getValue()), problem);
            for (String secret : List.of(creds[1], other[1], expired[1], creds[1].substring(2, 20),
                    other[1].substring(2, 20))) {
                assertFalse(problem.contains(secret), "secret in: " + problem);
            }
        }
    }

    @Test
    void tlsFilesBuildContext() {
        WorkerConfig config = ConfigReader.read(env("NATS_NKEY", USER[0],
                "NATS_TLS_CA", certificates.ca().toString(),
                "NATS_TLS_CERT", certificates.clientCert().toString(),
                "NATS_TLS_KEY", certificates.clientKey().toString()));

        assertNotNull(config.natsTls());
    }

    @Test
    void badTlsFilesRejected() throws Exception {
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
        String keyText = Files.readString(certificates.clientKey());
        Path rsaKey = Files.writeString(dir.resolve("rsa.pem"), keyText.replace("BEGIN PRIVATE KEY",
                "BEGIN RSA PRIVATE KEY").replace("END PRIVATE KEY", "END RSA PRIVATE KEY"));
        String cert = certificates.clientCert().toString();

        assertEquals(List.of("NATS_TLS_CERT: set without NATS_TLS_KEY: set both for mutual TLS, or neither"),
                problems(env("NATS_NKEY", USER[0], "NATS_TLS_CERT", cert)));
        assertTrue(problems(env("NATS_NKEY", USER[0], "NATS_TLS_CA", notPem.toString())).getFirst()
                .startsWith("NATS_TLS_CA: '" + notPem + "' is not a PEM certificate file"));
        List<String> keyProblems = problems(env("NATS_NKEY", USER[0], "NATS_TLS_CERT", cert,
                "NATS_TLS_KEY", rsaKey.toString()));
        assertTrue(keyProblems.getFirst().startsWith("NATS_TLS_KEY: '" + rsaKey + "' has no '-----BEGIN PRIVATE"
                + " KEY-----' block"), keyProblems.getFirst());
        List<String> wrongKey = problems(env("NATS_NKEY", USER[0], "NATS_TLS_CERT", cert,
                "NATS_TLS_KEY", notPem.toString()));
        assertTrue(wrongKey.getFirst().startsWith("NATS_TLS_KEY"), wrongKey.getFirst());
        String base64Key = keyText.lines().filter(l -> !l.startsWith("-")).findFirst().orElseThrow();
        assertFalse(String.join("\n", keyProblems).contains(base64Key));
    }

    @Test
    void callbackDefaultsAreSecure() {
        WorkerConfig config = ConfigReader.read(env("NATS_NKEY", USER[0]));

        assertFalse(config.callback().followRedirects());
        assertTrue(config.callback().redactResultHeaders());
        assertNull(config.callback().signer());
        assertEquals(64, config.callback().maxHeaders());
        assertEquals(16384, config.callback().maxHeaderBytes());
        assertEquals(1024 * 1024, config.jobMaxBytes());
        assertTrue(config.callback().destinations().denial("m", List.of(
                io.logset.worker.execution.CidrRange.literal("169.254.169.254"))).isPresent());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CALLBACK_DENY|10.0.0.0/33|CALLBACK_DENY: '10.0.0.0/33' has an invalid prefix length",
            "CALLBACK_ALLOW|bad host!|CALLBACK_ALLOW: 'bad host!' is not a host name",
            "CALLBACK_DENY_PRIVATE|yes|CALLBACK_DENY_PRIVATE: 'yes' is not a boolean",
            "CALLBACK_FOLLOW_REDIRECTS|1|CALLBACK_FOLLOW_REDIRECTS: '1' is not a boolean",
            "CALLBACK_MAX_REDIRECTS|0|CALLBACK_MAX_REDIRECTS: '0' is out of range",
            "CALLBACK_MAX_HEADERS|0|CALLBACK_MAX_HEADERS: '0' is out of range",
            "JOB_MAX_BYTES|10|JOB_MAX_BYTES: '10' is out of range",
    })
    void invalidCallbackSettingNamed(String name, String value, String expectedStart) {
        List<String> problems = problems(env("NATS_NKEY", USER[0], name, value));

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().startsWith(expectedStart), problems.getFirst());
    }

    @Test
    void invalidSigningSecretNeverPrinted() {
        for (String secret : List.of("not-a-whsec-secret-value", "whsec_short-but-secret", "whsec_c2hvcnQ=")) {
            List<String> problems = problems(env("NATS_NKEY", USER[0], "CALLBACK_SIGNING_SECRET", secret));

            assertEquals(1, problems.size());
            assertTrue(problems.getFirst().startsWith("CALLBACK_SIGNING_SECRET: the value "), problems.getFirst());
            assertFalse(problems.getFirst().contains(secret), problems.getFirst());
            assertFalse(problems.getFirst().contains(secret.substring(6)), problems.getFirst());
        }
    }
}
