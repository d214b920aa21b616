package io.jcompose.network;

import java.util.List;

/**
 * A rule in a built-in chain that jumps to one of jcompose's own chains, e.g.
 * {@code -t nat PREROUTING -m addrtype --dst-type LOCAL -j JCOMPOSE-DNAT}. jcompose keeps every
 * other rule in its own chains, so removing these jumps and chains removes exactly what it added.
 */
public record FirewallJump(String table, String builtinChain, List<String> match, String target) {

    public FirewallJump {
        match = List.copyOf(match);
    }

    /** The rule after the chain name, as iptables takes it. */
    public List<String> ruleArgs() {
        List<String> args = new java.util.ArrayList<>(match);
        args.add("-j");
        args.add(target);
        return args;
    }
}
