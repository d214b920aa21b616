package io.jcompose.network.internal;

import io.jcompose.network.AddressPool;
import io.jcompose.network.Cidr;
import io.jcompose.network.IpamConfig;
import io.jcompose.network.NetworkException;
import io.jcompose.network.NetworkSpec;
import io.jcompose.network.Subnet;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Address management: choosing subnets from pools, checking ipam config, handing out addresses. */
public final class Ipam {

    private static final NetworkException.Kind INVALID = NetworkException.Kind.INVALID;

    private Ipam() {}

    /**
     * The first subnet from {@code pools} that overlaps nothing in {@code taken} (other networks'
     * subnets and the host's routes and addresses).
     */
    public static Cidr chooseSubnet(List<AddressPool> pools, List<Cidr> taken) {
        for (AddressPool pool : pools) {
            Cidr base = Cidr.parse(pool.base()).network();
            BigInteger step = BigInteger.ONE.shiftLeft(Cidr.bits(base.address()) - pool.size());
            BigInteger count = base.size().divide(step);
            for (BigInteger i = BigInteger.ZERO; i.compareTo(count) < 0; i = i.add(BigInteger.ONE)) {
                Cidr candidate = new Cidr(base.addressAt(i.multiply(step)), pool.size());
                if (taken.stream().noneMatch(candidate::overlaps)) {
                    return candidate;
                }
            }
        }
        throw new NetworkException(NetworkException.Kind.CONFLICT,
                "all predefined address pools have been fully subnetted");
    }

    /**
     * Turns one ipam entry into an allocated subnet: picks a subnet when none is given, checks
     * that ip_range, gateway and aux addresses lie inside it, and takes the first address as
     * gateway by default.
     */
    public static Subnet subnet(IpamConfig config, List<AddressPool> pools, List<Cidr> taken, boolean ipv6) {
        Cidr subnet;
        if (config.subnet().isPresent()) {
            try {
                subnet = Cidr.parse(config.subnet().get());
            } catch (IllegalArgumentException e) {
                throw new NetworkException(INVALID, "invalid subnet \"" + config.subnet().get() + "\"");
            }
            if (!subnet.network().equals(subnet)) {
                throw new NetworkException(INVALID, "invalid subnet \"" + subnet + "\": host bits are set (use "
                        + subnet.network() + ")");
            }
            if (subnet.size().compareTo(BigInteger.valueOf(4)) < 0) {
                throw new NetworkException(INVALID, "subnet " + subnet + " is too small");
            }
            for (Cidr t : taken) {
                if (t.overlaps(subnet)) {
                    throw new NetworkException(NetworkException.Kind.CONFLICT,
                            "subnet " + subnet + " overlaps with " + t + " already in use");
                }
            }
        } else if (ipv6) {
            throw new IllegalStateException("ipv6 subnets are chosen by ula()");
        } else {
            subnet = chooseSubnet(pools, taken);
        }
        Optional<Cidr> range = config.ipRange().map(r -> inside(subnet, r, "ip_range"));
        range.ifPresent(r -> {
            if (r.prefix() < subnet.prefix()) {
                throw new NetworkException(INVALID, "ip_range " + r + " is larger than subnet " + subnet);
            }
        });
        InetAddress gateway = config.gateway().map(g -> inside(subnet, g, "gateway").address())
                .orElse(subnet.addressAt(BigInteger.ONE));
        Map<String, String> aux = new LinkedHashMap<>();
        config.auxAddresses().forEach((k, v) -> aux.put(k, Cidr.text(inside(subnet, v, "aux_addresses." + k)
                .address())));
        return new Subnet(subnet.toString(), range.map(r -> r.network().toString()), Cidr.text(gateway), aux);
    }

    /**
     * All subnets of a new network: the ipam entries as given (IPv6 ones need enable_ipv6), an
     * IPv4 subnet from the pools when none is given, and a ULA /64 for enable_ipv6 without an IPv6
     * subnet. {@code taken} holds the prefixes in use; it is not changed.
     */
    public static List<Subnet> plan(NetworkSpec spec, String networkId, List<AddressPool> pools, List<Cidr> taken) {
        List<Cidr> used = new java.util.ArrayList<>(taken);
        List<Subnet> subnets = new java.util.ArrayList<>();
        for (IpamConfig c : spec.ipam()) {
            boolean v6 = c.subnet().map(s -> s.contains(":")).orElse(false);
            if (v6 && !spec.enableIpv6()) {
                throw new NetworkException(INVALID, "network " + spec.name() + ": IPv6 subnet " + c.subnet().get()
                        + " needs enable_ipv6");
            }
            Subnet s = subnet(c, pools, used, v6);
            used.add(s.cidr());
            subnets.add(s);
        }
        if (subnets.stream().allMatch(Subnet::isIpv6)) {
            Subnet s = subnet(new IpamConfig(Optional.empty(), Optional.empty(), Optional.empty(), Map.of()), pools,
                    used, false);
            used.add(s.cidr());
            subnets.add(0, s);
        }
        if (spec.enableIpv6() && subnets.stream().noneMatch(Subnet::isIpv6)) {
            subnets.add(subnet(IpamConfig.ofSubnet(ula(networkId, used).toString()), pools, used, true));
        }
        return subnets;
    }

    /** A unique-local IPv6 /64 derived from the network id, for enable_ipv6 without a subnet. */
    public static Cidr ula(String networkId, List<Cidr> taken) {
        for (int attempt = 0; attempt < 16; attempt++) {
            String hex = networkId.substring(attempt * 2, attempt * 2 + 10);
            String text = "fd" + hex.substring(0, 2) + ":" + hex.substring(2, 6) + ":" + hex.substring(6, 10) + "::/64";
            Cidr c = Cidr.parse(text);
            if (taken.stream().noneMatch(c::overlaps)) {
                return c;
            }
        }
        throw new NetworkException(NetworkException.Kind.CONFLICT, "no free IPv6 subnet");
    }

    private static Cidr inside(Cidr subnet, String text, String what) {
        Cidr c;
        try {
            c = Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            throw new NetworkException(INVALID, "invalid " + what + " \"" + text + "\"");
        }
        if (!subnet.contains(c.address())) {
            throw new NetworkException(INVALID, what + " " + text + " is not in subnet " + subnet);
        }
        return c;
    }

    /**
     * An address for a new endpoint ({@code a.b.c.d/len}): {@code requested} if given and free,
     * else the lowest free address of the ip_range (or the subnet), never the network or
     * broadcast address, the gateway, an aux address or one in {@code used}.
     */
    public static String allocate(Subnet s, Set<String> used, Optional<String> requested) {
        Cidr subnet = s.cidr();
        Set<String> reserved = new HashSet<>(used);
        reserved.add(Cidr.text(Cidr.parseAddress(s.gateway())));
        reserved.addAll(s.auxAddresses().values());
        if (requested.isPresent()) {
            InetAddress a;
            try {
                a = Cidr.parseAddress(requested.get());
            } catch (IllegalArgumentException e) {
                throw new NetworkException(INVALID, "invalid IP address \"" + requested.get() + "\"");
            }
            BigInteger n = Cidr.toNumber(a);
            if (!subnet.contains(a) || n.equals(subnet.first()) || (subnet.isIpv4() && n.equals(subnet.last()))) {
                throw new NetworkException(INVALID, "address " + requested.get() + " is not a usable address of subnet "
                        + subnet);
            }
            String text = Cidr.text(a);
            if (reserved.contains(text)) {
                throw new NetworkException(NetworkException.Kind.CONFLICT, "address " + text + " is already in use");
            }
            return text + "/" + subnet.prefix();
        }
        Cidr pool = s.ipRange().map(Cidr::parse).orElse(subnet);
        BigInteger first = pool.first().max(subnet.first().add(BigInteger.ONE));
        BigInteger last = subnet.isIpv4() ? pool.last().min(subnet.last().subtract(BigInteger.ONE)) : pool.last();
        BigInteger limit = first.add(BigInteger.valueOf(1 << 20)).min(last);
        for (BigInteger n = first; n.compareTo(limit) <= 0; n = n.add(BigInteger.ONE)) {
            String text = Cidr.text(Cidr.toAddress(n, subnet.isIpv4()));
            if (!reserved.contains(text)) {
                return text + "/" + subnet.prefix();
            }
        }
        throw new NetworkException(NetworkException.Kind.CONFLICT, "no free address left in " + pool);
    }

    /** Docker's MAC scheme: 02:42 followed by the IPv4 address. */
    public static String macFor(String ipv4) {
        byte[] b = Cidr.parseAddress(ipv4).getAddress();
        return String.format("02:42:%02x:%02x:%02x:%02x", b[0] & 0xff, b[1] & 0xff, b[2] & 0xff, b[3] & 0xff);
    }

    /** A locally administered unicast MAC from hex digits (for IPv6-only endpoints). */
    public static String macFromHex(String hex) {
        return "02:" + hex.substring(0, 2) + ":" + hex.substring(2, 4) + ":" + hex.substring(4, 6) + ":"
                + hex.substring(6, 8) + ":" + hex.substring(8, 10);
    }

    /** Checks and normalises a user's MAC address. */
    public static String checkMac(String mac) {
        String m = mac.trim().toLowerCase(java.util.Locale.ROOT);
        if (!m.matches("([0-9a-f]{2}:){5}[0-9a-f]{2}")) {
            throw new NetworkException(INVALID, "invalid mac_address \"" + mac + "\"");
        }
        if ((Integer.parseInt(m.substring(0, 2), 16) & 1) != 0) {
            throw new NetworkException(INVALID, "invalid mac_address \"" + mac + "\": multicast address");
        }
        return m;
    }
}
