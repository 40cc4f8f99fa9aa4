package io.logset.worker.execution;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A block of IPv4 or IPv6 addresses in CIDR notation, such as {@code 10.0.0.0/8} or {@code fe80::/10}. A bare
 * address is a block of one ({@code /32} or {@code /128}). An IPv4 block never contains an IPv6 address, but
 * the JDK turns IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}) into IPv4 addresses, so those match too.
 *
 * <p>Immutable and thread-safe.
 */
public final class CidrRange {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private CidrRange(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /**
     * Parses {@code address/prefix} or a bare address.
     *
     * @throws IllegalArgumentException when the text is not an IP literal with a prefix length that fits it
     */
    public static CidrRange parse(String text) {
        String trimmed = text.strip().toLowerCase(Locale.ROOT);
        int slash = trimmed.indexOf('/');
        String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress address = literal(addressText);
        if (address == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
        }

        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + text + "' has an invalid prefix length: use 0 to " + bits);
            }
        }
        return new CidrRange(mask(address.getAddress(), prefix), prefix, trimmed);
    }

    /**
     * Returns the address that {@code text} writes literally, or {@code null} when it is not an IP literal.
     * It never queries DNS, because only literals reach {@link InetAddress#getByName}.
     */
    public static InetAddress literal(String text) {
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!IPV4.matcher(bare).matches() && !IPV6.matcher(bare).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(bare);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Whether {@code address} lies in this block. */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        return java.util.Arrays.equals(mask(bytes, prefixLength), network);
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] &= (byte) (0xff << (8 - bitsHere));
        }
        return masked;
    }

    @Override
    public String toString() {
        return text;
    }
}
