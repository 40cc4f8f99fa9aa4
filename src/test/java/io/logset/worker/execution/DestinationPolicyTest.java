package io.logset.worker.execution;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DestinationPolicyTest {

    private static List<InetAddress> addresses(String... literals) {
        return java.util.Arrays.stream(literals).map(CidrRange::literal).toList();
    }

    private static List<DestinationRule> rules(String source, String... entries) {
        return java.util.Arrays.stream(entries).map(entry -> DestinationRule.parse(source, entry)).toList();
    }

    @Test
    void defaultsDenyLinkLocalOnly() {
        DestinationPolicy policy = DestinationPolicy.defaults();

        Optional<String> metadata = policy.denial("metadata.test", addresses("169.254.169.254"));
        assertEquals("address 169.254.169.254 of metadata.test matches 169.254.0.0/16 in the built-in link-local rule"
                + " (cloud metadata services)", metadata.orElseThrow());
        assertTrue(policy.denial("v6.test", addresses("fe80::1")).isPresent());
        assertTrue(policy.denial("private.test", addresses("10.1.2.3")).isEmpty());
        assertTrue(policy.denial("loopback.test", addresses("127.0.0.1")).isEmpty());
    }

    @Test
    void privateSwitchDeniesPrivateBlocks() {
        DestinationPolicy policy = DestinationPolicy.of(List.of(), List.of(), true, false);

        for (String address : List.of("10.1.2.3", "172.20.0.1", "192.168.1.1", "fd00::1")) {
            assertTrue(policy.denial("h", addresses(address)).orElseThrow().contains("CALLBACK_DENY_PRIVATE"), address);
        }
        assertTrue(policy.denial("h", addresses("127.0.0.1")).isEmpty());
        assertTrue(policy.denial("h", addresses("169.254.1.1")).isPresent(), "link-local denied in every mode");
    }

    @Test
    void loopbackSwitchDeniesLoopbackAndUnspecified() {
        DestinationPolicy policy = DestinationPolicy.of(List.of(), List.of(), false, true);

        for (String address : List.of("127.0.0.1", "127.9.9.9", "::1", "0.0.0.0")) {
            assertTrue(policy.denial("h", addresses(address)).orElseThrow().contains("CALLBACK_DENY_LOOPBACK"), address);
        }
    }

    @Test
    void anyDeniedAddressDeniesHost() {
        DestinationPolicy policy = DestinationPolicy.of(List.of(), List.of(), true, false);

        Optional<String> denial = policy.denial("mixed.test", addresses("127.0.0.1", "10.0.0.5"));

        assertEquals("address 10.0.0.5 of mixed.test matches 10.0.0.0/8 in CALLBACK_DENY_PRIVATE", denial.orElseThrow());
    }

    @Test
    void allowListDeniesEverythingElse() {
        DestinationPolicy policy = DestinationPolicy.of(List.of(),
                rules("CALLBACK_ALLOW", "hooks.example.com", "*.partner.test", "127.0.0.0/8"), false, false);

        assertTrue(policy.denial("hooks.example.com", addresses("203.0.113.7")).isEmpty());
        assertTrue(policy.denial("HOOKS.example.com.", addresses("203.0.113.7")).isEmpty());
        assertTrue(policy.denial("a.b.partner.test", addresses("203.0.113.8")).isEmpty());
        assertTrue(policy.denial("any.test", addresses("127.0.0.2")).isEmpty());
        assertEquals("address 203.0.113.9 of partner.test is not in CALLBACK_ALLOW",
                policy.denial("partner.test", addresses("203.0.113.9")).orElseThrow());
        assertTrue(policy.denial("other.example.com", addresses("203.0.113.7")).isPresent());
    }

    @Test
    void denyWinsOverAllow() {
        DestinationPolicy policy = DestinationPolicy.of(rules("CALLBACK_DENY", "secret.partner.test", "127.0.0.5"),
                rules("CALLBACK_ALLOW", "*.partner.test", "127.0.0.0/8", "metadata.test"), false, false);

        assertEquals("address 127.0.0.1 of secret.partner.test matches secret.partner.test in CALLBACK_DENY",
                policy.denial("secret.partner.test", addresses("127.0.0.1")).orElseThrow());
        assertTrue(policy.denial("x.test", addresses("127.0.0.5")).isPresent());
        assertTrue(policy.denial("metadata.test", addresses("169.254.169.254")).orElseThrow().contains("built-in"));
        assertTrue(policy.denial("ok.partner.test", addresses("127.0.0.1")).isEmpty());
    }
}
