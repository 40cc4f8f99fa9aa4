package io.logset.worker.execution;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DestinationGuardTest {

    private final List<String> lookups = new ArrayList<>();

    private HostResolver resolver(Map<String, String> names) {
        return host -> {
            lookups.add(host);
            String address = names.get(host);
            if (address == null) {
                throw new UnknownHostException(host);
            }
            return List.of(InetAddress.getByName(address));
        };
    }

    @Test
    void httpPinnedToCheckedAddress() {
        DestinationGuard guard = new DestinationGuard(DestinationPolicy.defaults(),
                resolver(Map.of("callback.test", "127.0.0.1")));

        DestinationGuard.Destination destination = guard.check(URI.create("http://callback.test:8081/a%2Fb/c?x=1%20y"));

        assertEquals(URI.create("http://127.0.0.1:8081/a%2Fb/c?x=1%20y"), destination.uri());
        assertEquals("callback.test:8081", destination.hostHeader());
        assertEquals(List.of("callback.test"), lookups);
    }

    @Test
    void ipv6AddressBracketedWhenPinned() {
        DestinationGuard guard = new DestinationGuard(DestinationPolicy.defaults(), resolver(Map.of("v6.test", "::1")));

        DestinationGuard.Destination destination = guard.check(URI.create("http://v6.test"));

        assertEquals(URI.create("http://[0:0:0:0:0:0:0:1]/"), destination.uri());
        assertEquals("v6.test", destination.hostHeader());
    }

    @Test
    void httpsKeepsHostName() {
        DestinationGuard guard = new DestinationGuard(DestinationPolicy.defaults(),
                resolver(Map.of("secure.test", "127.0.0.1")));

        DestinationGuard.Destination destination = guard.check(URI.create("https://secure.test/hook"));

        assertEquals(URI.create("https://secure.test/hook"), destination.uri());
        assertNull(destination.hostHeader());
        assertEquals(List.of("secure.test"), lookups, "checked before the client resolves it");
    }

    @Test
    void metadataNameDeniedBeforeConnecting() {
        DestinationGuard guard = new DestinationGuard(DestinationPolicy.defaults(),
                resolver(Map.of("metadata.test", "169.254.169.254")));

        JobFailure failure = assertThrows(JobFailure.class,
                () -> guard.check(URI.create("http://metadata.test/latest/meta-data/")));

        assertEquals(ErrorType.DENIED, failure.type());
        assertEquals("callback to metadata.test:80 denied: address 169.254.169.254 of metadata.test matches"
                + " 169.254.0.0/16 in the built-in link-local rule (cloud metadata services)", failure.getMessage());
    }

    @Test
    void literalAddressCheckedWithoutLookup() {
        DestinationGuard guard = new DestinationGuard(DestinationPolicy.defaults(), resolver(Map.of()));

        JobFailure failure = assertThrows(JobFailure.class,
                () -> guard.check(URI.create("http://[fe80::1]:8080/")));

        assertEquals(ErrorType.DENIED, failure.type());
        assertTrue(lookups.isEmpty());
    }

    @Test
    void unknownHostIsConnectionError() {
        DestinationGuard guard = new DestinationGuard(DestinationPolicy.defaults(), resolver(Map.of()));

        JobFailure failure = assertThrows(JobFailure.class, () -> guard.check(URI.create("http://nowhere.test/")));

        assertEquals(ErrorType.CONNECTION_ERROR, failure.type());
        assertEquals("host of nowhere.test:80 could not be resolved", failure.getMessage());
    }
}
