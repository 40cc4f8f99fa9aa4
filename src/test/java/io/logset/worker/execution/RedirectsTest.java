package io.logset.worker.execution;

import com.fasterxml.jackson.databind.node.IntNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedirectsTest {

    private static HttpOption post() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer t0ken");
        headers.put("Content-Type", "application/json");
        headers.put("X-Trace", "abc");
        return new HttpOption("POST", URI.create("http://a.test:8080/start"), headers, IntNode.valueOf(7));
    }

    private static Optional<HttpOption> next(int status, String location) {
        return Redirects.next(post(), status, Optional.ofNullable(location), SensitiveHeaders.DEFAULT);
    }

    @Test
    void seeOtherBecomesGetWithoutBody() {
        HttpOption next = next(303, "/done").orElseThrow();

        assertEquals("GET", next.method());
        assertEquals(URI.create("http://a.test:8080/done"), next.url());
        assertNull(next.body());
        assertEquals(Map.of("Authorization", "Bearer t0ken", "X-Trace", "abc"), next.headers());
    }

    @Test
    void temporaryRedirectKeepsMethodAndBody() {
        HttpOption next = next(307, "http://a.test:8080/again").orElseThrow();

        assertEquals("POST", next.method());
        assertEquals(IntNode.valueOf(7), next.body());
        assertEquals("application/json", next.headers().get("Content-Type"));
    }

    @Test
    void otherHostDropsSensitiveHeaders() {
        HttpOption next = next(308, "http://b.test:8080/x").orElseThrow();

        assertTrue(next.headers().containsKey("X-Trace"));
        assertTrue(!next.headers().containsKey("Authorization"), next.headers().toString());
    }

    @Test
    void nonRedirectOrBadLocationNotFollowed() {
        assertTrue(next(200, "/x").isEmpty());
        assertTrue(next(302, null).isEmpty());
        assertTrue(next(302, "file:///etc/passwd").isEmpty());
        assertTrue(next(302, "http://[bad").isEmpty());
    }
}
