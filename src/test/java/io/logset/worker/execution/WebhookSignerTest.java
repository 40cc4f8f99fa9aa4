package io.logset.worker.execution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookSignerTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330L;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signatureMatchesIndependentHmac() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "HmacSHA256"));
        byte[] content = (ID + "." + TIMESTAMP + "." + new String(BODY, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        String expected = Base64.getEncoder().encodeToString(mac.doFinal(content));

        Map<String, String> headers = WebhookSigner.parse(SECRET).headers(ID, TIMESTAMP, BODY);

        assertEquals(ID, headers.get("webhook-id"));
        assertEquals("1614265330", headers.get("webhook-timestamp"));
        assertEquals("v1," + expected, headers.get("webhook-signature"));
    }

    @Test
    void signatureMatchesOpensslValue() {
        // Computed with: openssl dgst -sha256 -mac HMAC -macopt hexkey:<key> -binary | base64
        assertEquals("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                WebhookSigner.parse(SECRET).signature(ID, TIMESTAMP, BODY));
    }

    @Test
    void changedBodyChangesSignature() {
        WebhookSigner signer = WebhookSigner.parse(SECRET);
        byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);

        assertFalse(signer.signature(ID, TIMESTAMP, BODY).equals(signer.signature(ID, TIMESTAMP, tampered)));
        assertFalse(signer.signature(ID, TIMESTAMP, BODY).equals(signer.signature(ID, TIMESTAMP + 1, BODY)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_not*base64*at*all!!", "whsec_c2hvcnQ="})
    void invalidSecretRejectedWithoutEcho(String secret) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WebhookSigner.parse(secret));

        assertFalse(e.getMessage().contains(secret), e.getMessage());
        assertFalse(e.getMessage().contains(secret.substring(6)), e.getMessage());
    }

    @Test
    void toStringHidesKey() {
        String text = WebhookSigner.parse(SECRET).toString();

        assertFalse(text.contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        assertTrue(text.contains("hidden"));
    }
}
