package io.jcompose.network.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcompose.network.AddressPool;
import io.jcompose.network.Cidr;
import io.jcompose.network.IpamConfig;
import io.jcompose.network.NetworkException;
import io.jcompose.network.NetworkSpec;
import io.jcompose.network.Subnet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IpamTest {

    private static final IpamConfig NONE = new IpamConfig(Optional.empty(), Optional.empty(), Optional.empty(), Map.of());

    @Test
    void choosesFirstFreeSubnetAvoidingNetworksAndHostRoutes() {
        List<Cidr> taken = new ArrayList<>(List.of(Cidr.parse("172.17.0.0/16"), Cidr.parse("172.18.4.0/24")));
        assertThat(Ipam.chooseSubnet(AddressPool.DEFAULTS, taken)).hasToString("172.19.0.0/16");
        taken.add(Cidr.parse("172.16.0.0/12"));
        assertThat(Ipam.chooseSubnet(AddressPool.DEFAULTS, taken)).hasToString("192.168.0.0/20");
        taken.add(Cidr.parse("192.168.0.0/16"));
        assertThatThrownBy(() -> Ipam.chooseSubnet(AddressPool.DEFAULTS, taken))
                .hasMessage("all predefined address pools have been fully subnetted");
    }

    @Test
    void configurablePool() {
        List<AddressPool> pools = List.of(AddressPool.parse("base=10.200.0.0/16,size=24"));
        assertThat(Ipam.chooseSubnet(pools, List.of(Cidr.parse("10.200.0.0/24")))).hasToString("10.200.1.0/24");
        assertThat(AddressPool.parse("10.9.0.0/16/26")).isEqualTo(new AddressPool("10.9.0.0/16", 26));
    }

    @Test
    void explicitIpamIsChecked() {
        IpamConfig ok = new IpamConfig(Optional.of("10.5.0.0/16"), Optional.of("10.5.1.0/24"),
                Optional.of("10.5.0.254"), Map.of("router", "10.5.1.0"));
        Subnet s = Ipam.subnet(ok, AddressPool.DEFAULTS, List.of(), false);
        assertThat(s).isEqualTo(new Subnet("10.5.0.0/16", Optional.of("10.5.1.0/24"), "10.5.0.254",
                Map.of("router", "10.5.1.0")));
        assertThatThrownBy(() -> Ipam.subnet(IpamConfig.ofSubnet("10.5.0.1/16"), AddressPool.DEFAULTS, List.of(), false))
                .isInstanceOf(NetworkException.class).hasMessageContaining("host bits are set (use 10.5.0.0/16)");
        assertThatThrownBy(() -> Ipam.subnet(new IpamConfig(Optional.of("10.5.0.0/16"), Optional.empty(),
                Optional.of("10.6.0.1"), Map.of()), AddressPool.DEFAULTS, List.of(), false))
                .hasMessage("gateway 10.6.0.1 is not in subnet 10.5.0.0/16");
        assertThatThrownBy(() -> Ipam.subnet(IpamConfig.ofSubnet("10.5.0.0/16"), AddressPool.DEFAULTS,
                List.of(Cidr.parse("10.5.3.0/24")), false))
                .hasMessage("subnet 10.5.0.0/16 overlaps with 10.5.3.0/24 already in use");
        assertThat(Ipam.subnet(NONE, AddressPool.DEFAULTS, List.of(), false).gateway()).isEqualTo("172.17.0.1");
    }

    @Test
    void allocatesLowestFreeSkippingGatewayAuxAndUsed() {
        Subnet s = new Subnet("10.5.0.0/24", Optional.empty(), "10.5.0.1", Map.of("x", "10.5.0.2"));
        assertThat(Ipam.allocate(s, Set.of("10.5.0.3"), Optional.empty())).isEqualTo("10.5.0.4/24");
        Subnet ranged = new Subnet("10.5.0.0/16", Optional.of("10.5.7.0/30"), "10.5.0.1", Map.of());
        assertThat(Ipam.allocate(ranged, Set.of(), Optional.empty())).isEqualTo("10.5.7.0/16");
        assertThat(Ipam.allocate(ranged, Set.of("10.5.7.0", "10.5.7.1", "10.5.7.2"), Optional.empty()))
                .isEqualTo("10.5.7.3/16");
        assertThatThrownBy(() -> Ipam.allocate(ranged, Set.of("10.5.7.0", "10.5.7.1", "10.5.7.2", "10.5.7.3"),
                Optional.empty())).hasMessage("no free address left in 10.5.7.0/30");
    }

    @Test
    void staticAddresses() {
        Subnet s = new Subnet("10.5.0.0/24", Optional.empty(), "10.5.0.1", Map.of());
        assertThat(Ipam.allocate(s, Set.of(), Optional.of("10.5.0.77"))).isEqualTo("10.5.0.77/24");
        assertThatThrownBy(() -> Ipam.allocate(s, Set.of("10.5.0.77"), Optional.of("10.5.0.77")))
                .hasMessage("address 10.5.0.77 is already in use");
        assertThatThrownBy(() -> Ipam.allocate(s, Set.of(), Optional.of("10.5.0.1")))
                .hasMessage("address 10.5.0.1 is already in use");
        assertThatThrownBy(() -> Ipam.allocate(s, Set.of(), Optional.of("10.6.0.5")))
                .hasMessage("address 10.6.0.5 is not a usable address of subnet 10.5.0.0/24");
        assertThatThrownBy(() -> Ipam.allocate(s, Set.of(), Optional.of("10.5.0.255")))
                .hasMessageContaining("not a usable address");
    }

    @Test
    void ipv6() {
        Cidr ula = Ipam.ula("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", List.of());
        assertThat(ula).hasToString("fd01:2345:6789::/64");
        Subnet s = Ipam.subnet(IpamConfig.ofSubnet(ula.toString()), AddressPool.DEFAULTS, List.of(), true);
        assertThat(s.gateway()).isEqualTo("fd01:2345:6789::1");
        assertThat(Ipam.allocate(s, Set.of(), Optional.empty())).isEqualTo("fd01:2345:6789::2/64");
    }

    @Test
    void planAddsWhatTheSpecLeavesOut() {
        String id = "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789";
        assertThat(Ipam.plan(NetworkSpec.of("n"), id, AddressPool.DEFAULTS, List.of()))
                .extracting(Subnet::subnet).containsExactly("172.17.0.0/16");
        assertThat(Ipam.plan(NetworkSpec.of("n").withEnableIpv6(true), id, AddressPool.DEFAULTS, List.of()))
                .extracting(Subnet::subnet).containsExactly("172.17.0.0/16", "fdab:cdef:123::/64");
        assertThat(Ipam.plan(NetworkSpec.of("n").withEnableIpv6(true).withIpam(List.of(IpamConfig.ofSubnet("fd00:1::/64"))),
                id, AddressPool.DEFAULTS, List.of(Cidr.parse("172.17.0.0/16"))))
                .extracting(Subnet::subnet).containsExactly("172.18.0.0/16", "fd00:1::/64");
        assertThatThrownBy(() -> Ipam.plan(NetworkSpec.of("n").withIpam(List.of(IpamConfig.ofSubnet("fd00:1::/64"))),
                id, AddressPool.DEFAULTS, List.of())).hasMessage("network n: IPv6 subnet fd00:1::/64 needs enable_ipv6");
    }

    @Test
    void macs() {
        assertThat(Ipam.macFor("172.18.0.2")).isEqualTo("02:42:ac:12:00:02");
        assertThat(Ipam.checkMac("02:42:AC:12:00:09")).isEqualTo("02:42:ac:12:00:09");
        assertThatThrownBy(() -> Ipam.checkMac("01:00:5e:00:00:01")).hasMessageContaining("multicast");
        assertThatThrownBy(() -> Ipam.checkMac("zz")).hasMessage("invalid mac_address \"zz\"");
    }
}
