package io.jcompose.model.internal.load;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The short port syntax {@code [[HOST_IP:][HOST_PORT[-END]]:]CONTAINER_PORT[-END][/PROTOCOL]} to
 * long-form entries, expanding ranges the way Docker does (container ports in string order).
 */
public final class PortSyntax {
    /** One long-form port: host ip and published port may be empty. */
    public record Port(String hostIp, int target, String published, String protocol) {}

    /** A short port that does not parse; the message names what is wrong. */
    public static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final java.util.regex.Pattern IPV6_CHARS = java.util.regex.Pattern.compile("[0-9a-fA-F:.]+");

    private PortSyntax() {}

    /** Parses one short-syntax entry. */
    public static List<Port> parse(String spec) {
        String rest = spec.strip();
        String protocol = "tcp";
        int slash = rest.lastIndexOf('/');
        if (slash >= 0) {
            protocol = rest.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
            rest = rest.substring(0, slash);
            if (!List.of("tcp", "udp", "sctp").contains(protocol)) {
                throw new Invalid("invalid proto: " + protocol);
            }
        }
        String ip = "";
        String host = "";
        String container;
        int last = rest.lastIndexOf(':');
        if (last < 0) {
            container = rest;
        } else {
            container = rest.substring(last + 1);
            String front = rest.substring(0, last);
            int hostColon = front.lastIndexOf(':');
            if (front.startsWith("[") && front.endsWith("]")) {
                ip = front.substring(1, front.length() - 1);
            } else if (hostColon < 0) {
                host = front;
            } else {
                ip = front.substring(0, hostColon);
                host = front.substring(hostColon + 1);
                if (ip.startsWith("[") && ip.endsWith("]")) {
                    ip = ip.substring(1, ip.length() - 1);
                }
            }
        }
        if (!ip.isEmpty() && !IPV4.matcher(ip).matches() && !(IPV6_CHARS.matcher(ip).matches()
                && (ip.contains("::") || ip.chars().filter(ch -> ch == ':').count() == 7))) {
            throw new Invalid("invalid IP address: " + ip);
        }
        int[] c = range(container, "containerPort");
        int[] h = host.isEmpty() ? null : range(host, "hostPort");
        int count = c[1] - c[0] + 1;
        TreeMap<String, Port> byKey = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            int target = c[0] + i;
            String published = "";
            if (h != null) {
                int hostCount = h[1] - h[0] + 1;
                if (hostCount == count) {
                    published = Integer.toString(h[0] + i);
                } else if (count == 1) {
                    published = hostCount == 1 ? Integer.toString(h[0]) : h[0] + "-" + h[1];
                } else {
                    throw new Invalid("invalid ranges specified for container and host Ports: "
                            + container + " and " + host);
                }
            }
            byKey.put(target + "/" + protocol, new Port(ip, target, published, protocol));
        }
        return new ArrayList<>(byKey.values());
    }

    private static int[] range(String text, String what) {
        String[] parts = text.split("-", -1);
        if (parts.length > 2) {
            throw new Invalid("invalid " + what + ": " + text);
        }
        int start = port(parts[0], what, text);
        int end = parts.length == 2 ? port(parts[1], what, text) : start;
        if (end < start) {
            throw new Invalid("invalid range specified for " + what + ": " + text);
        }
        return new int[] {start, end};
    }

    private static int port(String text, String what, String whole) {
        try {
            int p = Integer.parseInt(text);
            if (p < 0 || p > 65_535) {
                throw new Invalid("invalid " + what + ": " + whole);
            }
            return p;
        } catch (NumberFormatException e) {
            throw new Invalid("invalid " + what + ": " + whole);
        }
    }
}
