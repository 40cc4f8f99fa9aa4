package io.logset.worker.execution;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides which addresses callbacks may reach. Job URLs come from producers, so without this a producer could
 * aim the worker at services inside its network. Rules are checked against every address the host resolves
 * to: a deny rule that matches any of them wins, and when an allow list is set, each address (or the host name)
 * must match one of its entries.
 *
 * <p>The link-local blocks {@value #LINK_LOCAL_V4} and {@value #LINK_LOCAL_V6}, where cloud metadata services
 * listen, are always denied.
 *
 * <p>Immutable and thread-safe.
 */
public final class DestinationPolicy {

    static final String LINK_LOCAL_V4 = "169.254.0.0/16";
    static final String LINK_LOCAL_V6 = "fe80::/10";
    static final List<String> PRIVATE = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7");
    /** Loopback, plus the unspecified addresses, which reach the local host when connected to. */
    static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1/128", "0.0.0.0/8", "::/128");

    private static final String DEFAULT_SOURCE = "the built-in link-local rule (cloud metadata services)";

    private final List<DestinationRule> deny;
    private final List<DestinationRule> allow;

    private DestinationPolicy(List<DestinationRule> deny, List<DestinationRule> allow) {
        this.deny = List.copyOf(deny);
        this.allow = List.copyOf(allow);
    }

    /** The default policy: only the link-local blocks are denied. */
    public static DestinationPolicy defaults() {
        return of(List.of(), List.of(), false, false);
    }

    /**
     * Builds a policy from configured entries and the switches for private and loopback blocks.
     *
     * @param deny  entries of {@code CALLBACK_DENY}
     * @param allow entries of {@code CALLBACK_ALLOW}; empty allows every address not denied
     */
    public static DestinationPolicy of(List<DestinationRule> deny, List<DestinationRule> allow, boolean denyPrivate,
                                       boolean denyLoopback) {
        List<DestinationRule> rules = new ArrayList<>();
        rules.add(DestinationRule.parse(DEFAULT_SOURCE, LINK_LOCAL_V4));
        rules.add(DestinationRule.parse(DEFAULT_SOURCE, LINK_LOCAL_V6));
        if (denyPrivate) {
            PRIVATE.forEach(block -> rules.add(DestinationRule.parse("CALLBACK_DENY_PRIVATE", block)));
        }
        if (denyLoopback) {
            LOOPBACK.forEach(block -> rules.add(DestinationRule.parse("CALLBACK_DENY_LOOPBACK", block)));
        }
        rules.addAll(deny);
        return new DestinationPolicy(rules, allow);
    }

    /**
     * Checks a host and all its resolved addresses.
     *
     * @return why the destination is denied, naming the address and the rule; empty when it is allowed
     */
    public Optional<String> denial(String host, List<InetAddress> addresses) {
        String name = DestinationRule.stripDot(host.toLowerCase(Locale.ROOT));
        for (InetAddress address : addresses) {
            String shown = address.getHostAddress();
            for (DestinationRule rule : deny) {
                if (rule.matches(name, address)) {
                    return Optional.of("address " + shown + " of " + host + " matches " + rule.entry() + " in "
                            + rule.source());
                }
            }
            if (!allow.isEmpty() && allow.stream().noneMatch(rule -> rule.matches(name, address))) {
                return Optional.of("address " + shown + " of " + host + " is not in CALLBACK_ALLOW");
            }
        }
        return Optional.empty();
    }
}
