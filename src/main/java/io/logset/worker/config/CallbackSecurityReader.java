package io.logset.worker.config;

import io.logset.worker.execution.CallbackSecurity;
import io.logset.worker.execution.DestinationPolicy;
import io.logset.worker.execution.DestinationRule;
import io.logset.worker.execution.SensitiveHeaders;
import io.logset.worker.execution.WebhookSigner;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the callback rules: destination lists and switches, redirects, the signing secret, redaction and header
 * limits. Problems go to the {@link ConfigReader}'s list; none of them quotes the signing secret.
 */
final class CallbackSecurityReader {

    private final ConfigReader reader;

    CallbackSecurityReader(ConfigReader reader) {
        this.reader = reader;
    }

    CallbackSecurity read() {
        List<DestinationRule> deny = rules("CALLBACK_DENY");
        List<DestinationRule> allow = rules("CALLBACK_ALLOW");
        boolean denyPrivate = reader.flag("CALLBACK_DENY_PRIVATE", false);
        boolean denyLoopback = reader.flag("CALLBACK_DENY_LOOPBACK", false);
        DestinationPolicy destinations = DestinationPolicy.of(deny, allow, denyPrivate, denyLoopback);

        boolean followRedirects = reader.flag("CALLBACK_FOLLOW_REDIRECTS", false);
        int maxRedirects = (int) reader.number("CALLBACK_MAX_REDIRECTS", CallbackSecurity.DEFAULT_MAX_REDIRECTS, 1, 20);
        WebhookSigner signer = signer();

        SensitiveHeaders sensitive = SensitiveHeaders.withExtra(reader.list("REDACT_HEADERS"));
        boolean redactResults = reader.flag("RESULT_REDACT_HEADERS", true);
        int maxHeaders = (int) reader.number("CALLBACK_MAX_HEADERS", CallbackSecurity.DEFAULT_MAX_HEADERS, 1, 1000);
        int maxHeaderBytes = (int) reader.number("CALLBACK_MAX_HEADER_BYTES",
                CallbackSecurity.DEFAULT_MAX_HEADER_BYTES, 256, 1 << 20);

        return new CallbackSecurity(destinations, followRedirects, maxRedirects, signer, sensitive, redactResults,
                maxHeaders, maxHeaderBytes);
    }

    private List<DestinationRule> rules(String name) {
        List<DestinationRule> rules = new ArrayList<>();
        for (String entry : reader.list(name)) {
            try {
                rules.add(DestinationRule.parse(name, entry));
            } catch (IllegalArgumentException e) {
                reader.problem(name + ": " + e.getMessage() + ": list host names, *.domain wildcards and CIDR blocks"
                        + " such as 10.0.0.0/8, separated by commas");
            }
        }
        return rules;
    }

    private WebhookSigner signer() {
        if (!reader.isSet("CALLBACK_SIGNING_SECRET")) {
            return null;
        }
        try {
            return WebhookSigner.parse(reader.raw("CALLBACK_SIGNING_SECRET"));
        } catch (IllegalArgumentException e) {
            reader.problem("CALLBACK_SIGNING_SECRET: the value " + e.getMessage() + ": set it to 'whsec_' followed"
                    + " by the base64 of 24 to 64 random bytes");
            return null;
        }
    }
}
