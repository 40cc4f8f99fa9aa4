package io.logset.worker.execution;

import java.net.InetAddress;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One entry of a destination list: a host name ({@code api.example.com}), a wildcard for every name below a
 * domain ({@code *.example.com}, which does not match {@code example.com} itself), or a CIDR block or address,
 * which matches resolved addresses.
 *
 * @param source where the entry comes from, for the error message: a variable name or a built-in default
 * @param entry  the entry as configured, in lower case
 * @param name   the host name an exact entry matches; {@code null} for other kinds
 * @param suffix the domain suffix with its leading dot that a wildcard entry matches; {@code null} for other kinds
 * @param range  the address block; {@code null} for name entries
 */
public record DestinationRule(String source, String entry, String name, String suffix, CidrRange range) {

    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?"
            + "(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*");

    /**
     * Parses one entry.
     *
     * @throws IllegalArgumentException naming the entry and the forms accepted
     */
    public static DestinationRule parse(String source, String text) {
        String entry = text.strip().toLowerCase(Locale.ROOT);
        if (entry.contains("/") || CidrRange.literal(entry) != null) {
            return new DestinationRule(source, entry, null, null, CidrRange.parse(entry));
        }
        if (entry.startsWith("*.") && HOST_NAME.matcher(entry.substring(2)).matches()) {
            return new DestinationRule(source, entry, null, entry.substring(1), null);
        }
        if (HOST_NAME.matcher(stripDot(entry)).matches()) {
            return new DestinationRule(source, entry, stripDot(entry), null, null);
        }
        throw new IllegalArgumentException("'" + text.strip() + "' is not a host name, *.domain wildcard, IP"
                + " address or CIDR block");
    }

    /** Whether the rule matches the URL's host name (in lower case, without a trailing dot) or this address. */
    boolean matches(String host, InetAddress address) {
        if (range != null) {
            return range.contains(address);
        }
        if (name != null) {
            return name.equals(host);
        }
        return host.endsWith(suffix);
    }

    static String stripDot(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }
}
