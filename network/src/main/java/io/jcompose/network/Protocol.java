package io.jcompose.network;

import java.util.Locale;

/** Transport protocol of a published port. */
public enum Protocol {
    TCP, UDP;

    /** Parses {@code tcp} or {@code udp} in any case. */
    public static Protocol parse(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "tcp": return TCP;
            case "udp": return UDP;
            default: throw new NetworkException(NetworkException.Kind.INVALID,
                    "unsupported protocol \"" + text + "\" (use tcp or udp)");
        }
    }

    /** Lower-case name as Docker and iptables spell it. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
