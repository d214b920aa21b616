package io.jcompose.network;

import java.util.List;
import java.util.Objects;

/**
 * A range that network subnets are carved from, like Docker's {@code default-address-pools}:
 * {@code base} split into subnets of prefix length {@code size}.
 */
public record AddressPool(String base, int size) {

    /** Docker's defaults: 172.17-31.x.x as /16s, then 192.168.x.x as /20s. */
    public static final List<AddressPool> DEFAULTS = List.of(
            new AddressPool("172.17.0.0/16", 16), new AddressPool("172.18.0.0/15", 16),
            new AddressPool("172.20.0.0/14", 16), new AddressPool("172.24.0.0/13", 16),
            new AddressPool("192.168.0.0/16", 20));

    public AddressPool {
        Objects.requireNonNull(base, "base");
        Cidr b = Cidr.parse(base);
        if (size < b.prefix() || size > Cidr.bits(b.address()) - 2) {
            throw new IllegalArgumentException("pool size /" + size + " does not fit in " + base);
        }
    }

    /** Parses {@code base=172.80.0.0/16,size=24} or {@code 172.80.0.0/16/24}. */
    public static AddressPool parse(String text) {
        String t = text.trim();
        try {
            if (t.contains("base=")) {
                String base = null;
                int size = -1;
                for (String kv : t.split(",")) {
                    String[] p = kv.split("=", 2);
                    if (p[0].trim().equals("base")) {
                        base = p[1].trim();
                    } else if (p[0].trim().equals("size")) {
                        size = Integer.parseInt(p[1].trim());
                    }
                }
                return new AddressPool(base, size < 0 ? Cidr.parse(base).prefix() : size);
            }
            int last = t.lastIndexOf('/');
            int first = t.indexOf('/');
            if (first != last) {
                return new AddressPool(t.substring(0, last), Integer.parseInt(t.substring(last + 1)));
            }
            return new AddressPool(t, Cidr.parse(t).prefix());
        } catch (RuntimeException e) {
            throw new NetworkException(NetworkException.Kind.INVALID, "invalid address pool \"" + text + "\"");
        }
    }
}
