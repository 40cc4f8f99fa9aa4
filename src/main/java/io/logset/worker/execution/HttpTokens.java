package io.logset.worker.execution;

/** Character rules for HTTP method names, header names and header values (RFC 9110, section 5.6.2). */
final class HttpTokens {

    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private HttpTokens() {
    }

    static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphanumeric && TOKEN_SYMBOLS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code text} is a header value without CR, LF, NUL or other control characters but tab. */
    static boolean isFieldValue(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
