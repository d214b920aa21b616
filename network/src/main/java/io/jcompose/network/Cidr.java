package io.jcompose.network;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IPv4 or IPv6 prefix such as {@code 172.18.0.0/16}, or one address with its prefix
 * length ({@code 172.18.0.2/16}). Address arithmetic for IPAM lives here so that it is plain,
 * tested Java.
 */
public record Cidr(InetAddress address, int prefix) {

    public Cidr {
        Objects.requireNonNull(address, "address");
        if (prefix < 0 || prefix > bits(address)) {
            throw new IllegalArgumentException("prefix out of range: " + prefix);
        }
    }

    /**
     * Parses {@code a.b.c.d/n}, {@code x::y/n} or a bare address (a host prefix).
     *
     * @throws IllegalArgumentException with a user-readable message for bad input
     */
    public static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String host = slash < 0 ? t : t.substring(0, slash);
        InetAddress address = parseAddress(host);
        int prefix = bits(address);
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid CIDR \"" + text + "\"");
            }
            if (prefix < 0 || prefix > bits(address)) {
                throw new IllegalArgumentException("invalid CIDR \"" + text + "\": prefix out of range");
            }
        }
        return new Cidr(address, prefix);
    }

    /** Parses a literal IPv4 or IPv6 address without any name lookup. */
    public static InetAddress parseAddress(String text) {
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        boolean v4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = t.contains(":") && t.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            throw new IllegalArgumentException("invalid IP address \"" + text + "\"");
        }
        if (v4) {
            for (String part : t.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    throw new IllegalArgumentException("invalid IP address \"" + text + "\"");
                }
            }
        }
        try {
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("invalid IP address \"" + text + "\"");
        }
    }

    /** Bit width of the address family: 32 or 128. */
    public static int bits(InetAddress a) {
        return a instanceof Inet4Address ? 32 : 128;
    }

    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    /** The prefix itself: host bits cleared. */
    public Cidr network() {
        return new Cidr(toAddress(first(), isIpv4()), prefix);
    }

    /** Number of addresses in the prefix. */
    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(bits(address) - prefix);
    }

    /** The first address of the prefix as a number. */
    public BigInteger first() {
        BigInteger mask = BigInteger.ONE.shiftLeft(bits(address) - prefix).subtract(BigInteger.ONE).not();
        return toNumber(address).and(mask);
    }

    /** The last address (the IPv4 broadcast address) as a number. */
    public BigInteger last() {
        return first().add(size()).subtract(BigInteger.ONE);
    }

    /** Whether {@code a} lies inside this prefix. */
    public boolean contains(InetAddress a) {
        if (bits(a) != bits(address)) {
            return false;
        }
        BigInteger n = toNumber(a);
        return n.compareTo(first()) >= 0 && n.compareTo(last()) <= 0;
    }

    /** Whether {@code other} lies wholly inside this prefix. */
    public boolean contains(Cidr other) {
        return contains(other.address) && other.prefix >= prefix;
    }

    /** Whether the two prefixes share at least one address. */
    public boolean overlaps(Cidr other) {
        if (isIpv4() != other.isIpv4()) {
            return false;
        }
        return first().compareTo(other.last()) <= 0 && other.first().compareTo(last()) <= 0;
    }

    /** The address {@code offset} places after the start of the prefix. */
    public InetAddress addressAt(BigInteger offset) {
        return toAddress(first().add(offset), isIpv4());
    }

    /** The same address with another prefix length. */
    public Cidr withPrefix(int newPrefix) {
        return new Cidr(address, newPrefix);
    }

    /** The address as a string without a prefix, e.g. {@code 172.18.0.2}. */
    public String addressText() {
        return text(address);
    }

    @Override
    public String toString() {
        return text(address) + "/" + prefix;
    }

    /** Canonical text of an address: dotted quad, or compressed IPv6 without scope. */
    public static String text(InetAddress a) {
        if (a instanceof Inet4Address) {
            return a.getHostAddress();
        }
        return compress(a.getAddress());
    }

    /** The address as an unsigned number. */
    public static BigInteger toNumber(InetAddress a) {
        return new BigInteger(1, a.getAddress());
    }

    /** The address of family v4 ({@code true}) or v6 with the given numeric value. */
    public static InetAddress toAddress(BigInteger n, boolean v4) {
        int len = v4 ? 4 : 16;
        byte[] raw = n.toByteArray();
        byte[] out = new byte[len];
        int copy = Math.min(raw.length, len);
        System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
        try {
            return InetAddress.getByAddress(out);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String compress(byte[] b) {
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (words[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i > 1) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(words[i]));
        }
        return sb.toString();
    }
}
