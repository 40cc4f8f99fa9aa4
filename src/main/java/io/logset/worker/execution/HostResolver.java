package io.logset.worker.execution;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves a callback's host name to the addresses the destination policy checks. The worker uses
 * {@link #SYSTEM}; tests pass a map of names to loopback addresses, so no test queries DNS or reaches another
 * host.
 */
@FunctionalInterface
public interface HostResolver {

    /** The JVM's resolver, {@link InetAddress#getAllByName}, with its cache. */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /**
     * Returns every address of {@code host}, never an empty list.
     *
     * @throws UnknownHostException when the name does not resolve
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
