package io.logset.worker.execution;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Resolves a callback URL's host once, checks every address against the {@link DestinationPolicy}, and returns
 * where to connect. For {@code http} the URL's host is replaced by the checked address and the original host goes
 * into the {@code Host} header, so the JDK client cannot resolve the name again and reach another address.
 *
 * <p>Thread-safe.
 */
final class DestinationGuard {

    /**
     * Where one request goes.
     *
     * @param uri        the URL to hand to the client: with the checked IP address for http, unchanged for https
     * @param hostHeader the {@code Host} header to send; {@code null} when the URL still carries the host name
     */
    record Destination(URI uri, String hostHeader) {
    }

    private final DestinationPolicy policy;
    private final HostResolver resolver;

    DestinationGuard(DestinationPolicy policy, HostResolver resolver) {
        this.policy = policy;
        this.resolver = resolver;
    }

    /**
     * Checks the URL's destination before any connection is made.
     *
     * @throws JobFailure of type {@link ErrorType#DENIED} naming the rule, or {@link ErrorType#CONNECTION_ERROR}
     *                    when the host does not resolve
     */
    Destination check(URI url) {
        String host = url.getHost();
        List<InetAddress> addresses = resolve(host, url);
        Optional<String> denial = policy.denial(host, addresses);
        if (denial.isPresent()) {
            throw new JobFailure(ErrorType.DENIED, "callback to " + CallbackFailures.target(url) + " denied: "
                    + denial.get());
        }

        if (url.getScheme().toLowerCase(Locale.ROOT).equals("https")) {
            // TODO: https keeps the host name for SNI and certificate checks, so the JDK client resolves it again.
            // That lookup normally hits the JVM's address cache filled by the check above (networkaddress.cache.ttl,
            // 30 s by default), but a name whose cache entry expires in between can resolve to an unchecked address.
            return new Destination(url, null);
        }
        return new Destination(pinned(url, addresses.getFirst()), hostHeader(url));
    }

    private List<InetAddress> resolve(String host, URI url) {
        InetAddress literal = CidrRange.literal(host);
        if (literal != null) {
            return List.of(literal);
        }
        try {
            List<InetAddress> addresses = resolver.resolve(host);
            if (addresses.isEmpty()) {
                throw new UnknownHostException(host);
            }
            return addresses;
        } catch (UnknownHostException e) {
            throw new JobFailure(ErrorType.CONNECTION_ERROR, "host of " + CallbackFailures.target(url)
                    + " could not be resolved");
        }
    }

    /** Rebuilds the URL from its raw parts with the address as host, so the path and query keep their encoding. */
    private static URI pinned(URI url, InetAddress address) {
        String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        StringBuilder text = new StringBuilder(url.getScheme()).append("://").append(host);
        if (url.getPort() != -1) {
            text.append(':').append(url.getPort());
        }
        text.append(url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath());
        if (url.getRawQuery() != null) {
            text.append('?').append(url.getRawQuery());
        }
        return URI.create(text.toString());
    }

    private static String hostHeader(URI url) {
        return url.getPort() == -1 ? url.getHost() : url.getHost() + ":" + url.getPort();
    }
}
