package io.logset.worker.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.logset.worker.intake.JobDecoder;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Checks an {@code HTTP} job's {@code option} and turns it into an {@link HttpOption}. */
final class HttpOptionParser {

    private HttpOptionParser() {
    }

    /**
     * Parses the option, with at most {@code maxHeaders} headers whose names and values take at most
     * {@code maxHeaderBytes} bytes in UTF-8.
     *
     * @throws JobFailure of type {@link ErrorType#INVALID_JOB} naming the field and what it must be
     */
    static HttpOption parse(JsonNode option, int maxHeaders, int maxHeaderBytes) {
        if (option.isMissingNode() || option.isNull()) {
            throw invalid("option is missing: an HTTP job needs option {method, url, headers, body}");
        }
        if (!option.isObject()) {
            throw invalid("option is " + JobDecoder.typeName(option) + ": an HTTP job needs a map"
                    + " {method, url, headers, body}");
        }

        String method = method(option.get("method"));
        URI url = url(option.get("url"));
        Map<String, String> headers = headers(option.get("headers"));
        checkHeaderLimits(headers, maxHeaders, maxHeaderBytes);
        JsonNode body = option.get("body");
        return new HttpOption(method, url, headers, body);
    }

    private static String method(JsonNode node) {
        if (node == null || node.isNull() || (node.isTextual() && node.textValue().isEmpty())) {
            // Go's HTTP client, which the previous worker used, sends GET for an empty method.
            return "GET";
        }
        if (!node.isTextual()) {
            throw invalid("option.method is " + JobDecoder.typeName(node) + ": it must be a string such as POST");
        }
        String method = node.textValue();
        if (!HttpTokens.isToken(method)) {
            throw invalid("option.method '" + printable(method) + "' is not a valid HTTP method name");
        }
        if (method.toUpperCase(Locale.ROOT).equals("CONNECT")) {
            throw invalid("option.method CONNECT is not allowed: it opens a tunnel, not a callback");
        }
        return method;
    }

    private static URI url(JsonNode node) {
        if (node == null || node.isNull()) {
            throw invalid("option.url is missing: set it to an http:// or https:// URL");
        }
        if (!node.isTextual()) {
            throw invalid("option.url is " + JobDecoder.typeName(node) + ": it must be a string");
        }

        String text = node.textValue().strip();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw invalid("option.url '" + printable(text) + "' is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid("option.url '" + printable(text) + "' has the scheme '" + scheme
                    + "': only http and https are allowed");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid("option.url '" + printable(text) + "' has no host");
        }
        return uri;
    }

    private static Map<String, String> headers(JsonNode node) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return headers;
        }
        if (!node.isObject()) {
            throw invalid("option.headers is " + JobDecoder.typeName(node) + ": it must be a map of string to"
                    + " string");
        }

        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (!HttpTokens.isToken(name)) {
                throw invalid("option.headers has an invalid header name '" + printable(name) + "'");
            }
            if (!value.isTextual()) {
                throw invalid("option.headers." + name + " is " + JobDecoder.typeName(value)
                        + ": header values must be strings");
            }
            if (name.equalsIgnoreCase("host")) {
                throw invalid("option.headers." + name + " is not allowed: the worker sets Host from option.url");
            }
            if (!HttpTokens.isFieldValue(value.textValue())) {
                throw invalid("option.headers." + name + " contains a control character such as CR or LF");
            }
            headers.put(name, value.textValue());
        }
        return headers;
    }

    private static void checkHeaderLimits(Map<String, String> headers, int maxHeaders, int maxHeaderBytes) {
        if (headers.size() > maxHeaders) {
            throw invalid("option.headers has " + headers.size() + " headers, above the limit of " + maxHeaders
                    + " (CALLBACK_MAX_HEADERS)");
        }
        long bytes = 0;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            bytes += header.getKey().getBytes(StandardCharsets.UTF_8).length
                    + header.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (bytes > maxHeaderBytes) {
            throw invalid("option.headers take " + bytes + " bytes, above the limit of " + maxHeaderBytes
                    + " (CALLBACK_MAX_HEADER_BYTES)");
        }
    }

    private static JobFailure invalid(String message) {
        return new JobFailure(ErrorType.INVALID_JOB, message);
    }

    /** Escapes control characters, so that a bad value cannot split a log line. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 200));
        for (int i = 0; i < text.length() && i < 200; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > 200) {
            out.append("...");
        }
        return out.toString();
    }
}
