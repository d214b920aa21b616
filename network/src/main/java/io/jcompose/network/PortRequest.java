package io.jcompose.network;

import java.util.Objects;
import java.util.Optional;

/**
 * A port to publish: {@code [host_ip:][host_port[-end]:]container_port[-end][/protocol]}.
 * A host port of 0 asks for an ephemeral port. A host range with a single container port means
 * "the first free port of the range"; equal-sized ranges map one to one.
 */
public record PortRequest(Optional<String> hostIp, int hostPortFirst, int hostPortLast,
                          int containerPortFirst, int containerPortLast, Protocol protocol) {

    public PortRequest {
        Objects.requireNonNull(hostIp, "hostIp");
        Objects.requireNonNull(protocol, "protocol");
        check(containerPortFirst, containerPortLast, false);
        check(hostPortFirst, hostPortLast, true);
        int hostCount = hostPortLast - hostPortFirst + 1;
        int containerCount = containerPortLast - containerPortFirst + 1;
        if (hostPortFirst != 0 && containerCount > 1 && hostCount != containerCount) {
            throw new NetworkException(NetworkException.Kind.INVALID, "host port range " + hostPortFirst + "-"
                    + hostPortLast + " does not match container port range " + containerPortFirst + "-"
                    + containerPortLast);
        }
    }

    /** One container port on an ephemeral host port. */
    public static PortRequest ephemeral(int containerPort, Protocol protocol) {
        return new PortRequest(Optional.empty(), 0, 0, containerPort, containerPort, protocol);
    }

    /** One container port on a fixed host port. */
    public static PortRequest of(int hostPort, int containerPort, Protocol protocol) {
        return new PortRequest(Optional.empty(), hostPort, hostPort, containerPort, containerPort, protocol);
    }

    public PortRequest withHostIp(String ip) {
        return new PortRequest(Optional.of(ip), hostPortFirst, hostPortLast, containerPortFirst, containerPortLast,
                protocol);
    }

    /**
     * Parses Docker's short syntax: {@code 80}, {@code 8080:80}, {@code 127.0.0.1:8080:80/udp},
     * {@code [::1]:8080:80}, {@code 8000-8001:80-81}, {@code 127.0.0.1::80}.
     */
    public static PortRequest parse(String text) {
        String t = text.trim();
        Protocol protocol = Protocol.TCP;
        int slash = t.lastIndexOf('/');
        if (slash >= 0) {
            protocol = Protocol.parse(t.substring(slash + 1));
            t = t.substring(0, slash);
        }
        Optional<String> hostIp = Optional.empty();
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0 || close + 1 >= t.length() || t.charAt(close + 1) != ':') {
                throw invalid(text);
            }
            hostIp = Optional.of(t.substring(1, close));
            t = t.substring(close + 2);
        }
        String[] parts = t.split(":", -1);
        String host;
        String container;
        if (parts.length == 1) {
            host = "";
            container = parts[0];
        } else if (parts.length == 2) {
            host = parts[0];
            container = parts[1];
        } else if (parts.length == 3 && hostIp.isEmpty()) {
            hostIp = Optional.of(parts[0]);
            host = parts[1];
            container = parts[2];
        } else {
            throw invalid(text);
        }
        hostIp.ifPresent(Cidr::parseAddress);
        int[] c = range(container, text);
        int[] h = host.isEmpty() ? new int[] {0, 0} : range(host, text);
        if (c[0] == 0) {
            throw invalid(text);
        }
        return new PortRequest(hostIp, h[0], h[1], c[0], c[1], protocol);
    }

    private static int[] range(String s, String text) {
        try {
            int dash = s.indexOf('-');
            int first = Integer.parseInt(dash < 0 ? s : s.substring(0, dash));
            int last = dash < 0 ? first : Integer.parseInt(s.substring(dash + 1));
            return new int[] {first, last};
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
    }

    private static NetworkException invalid(String text) {
        return new NetworkException(NetworkException.Kind.INVALID, "invalid port mapping \"" + text + "\"");
    }

    private static void check(int first, int last, boolean zeroAllowed) {
        if (zeroAllowed && first == 0 && last == 0) {
            return;
        }
        if (first < 1 || last > 65_535 || last < first) {
            throw new NetworkException(NetworkException.Kind.INVALID, "invalid port range " + first + "-" + last);
        }
    }
}
