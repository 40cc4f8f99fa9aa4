package io.logset.worker.execution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CidrRangeTest {

    @ParameterizedTest
    @CsvSource({
            "10.0.0.0/8, 10.255.1.2, true",
            "10.0.0.0/8, 11.0.0.1, false",
            "172.16.0.0/12, 172.31.255.255, true",
            "172.16.0.0/12, 172.32.0.0, false",
            "169.254.0.0/16, 169.254.169.254, true",
            "169.254.169.254, 169.254.169.254, true",
            "169.254.169.254, 169.254.169.253, false",
            "fe80::/10, fe80::1, true",
            "fe80::/10, febf::1, true",
            "fe80::/10, fec0::1, false",
            "fc00::/7, fd00:ec2::254, true",
            "10.0.0.0/8, ::ffff:10.0.0.1, true",
            "0.0.0.0/0, 8.8.8.8, true",
            "10.0.0.0/8, ::1, false",
    })
    void containsMatchesPrefix(String range, String address, boolean expected) throws Exception {
        assertEquals(expected, CidrRange.parse(range).contains(InetAddress.getByName(address)));
    }

    @ParameterizedTest
    @CsvSource({"10.0.0.0/33", "fe80::/129", "10.0.0.0/x", "example.com/8", "10.0.0/8"})
    void invalidBlockRejected(String text) {
        assertThrows(IllegalArgumentException.class, () -> CidrRange.parse(text));
    }

    @Test
    void literalNeverResolvesNames() {
        assertNull(CidrRange.literal("localhost"));
        assertNull(CidrRange.literal("metadata.google.internal"));
        assertEquals("127.0.0.1", CidrRange.literal("127.0.0.1").getHostAddress());
        assertEquals("0:0:0:0:0:0:0:1", CidrRange.literal("[::1]").getHostAddress());
    }
}
