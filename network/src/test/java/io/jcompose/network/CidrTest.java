package io.jcompose.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void parsesAndPrintsIpv4() {
        Cidr c = Cidr.parse("172.18.5.9/16");
        assertThat(c.network()).hasToString("172.18.0.0/16");
        assertThat(c.size()).isEqualTo(BigInteger.valueOf(65_536));
        assertThat(c.addressAt(BigInteger.ONE).getHostAddress()).isEqualTo("172.18.0.1");
        assertThat(Cidr.parse("10.0.0.7")).hasToString("10.0.0.7/32");
    }

    @Test
    void overlapAndContainment() {
        assertThat(Cidr.parse("172.16.0.0/12").overlaps(Cidr.parse("172.18.0.0/16"))).isTrue();
        assertThat(Cidr.parse("172.18.0.0/16").overlaps(Cidr.parse("172.19.0.0/16"))).isFalse();
        assertThat(Cidr.parse("172.18.0.0/16").contains(Cidr.parseAddress("172.18.255.255"))).isTrue();
        assertThat(Cidr.parse("172.18.0.0/16").contains(Cidr.parseAddress("fd00::1"))).isFalse();
        assertThat(Cidr.parse("fd00::/64").overlaps(Cidr.parse("172.18.0.0/16"))).isFalse();
    }

    @Test
    void ipv6IsCompressed() {
        Cidr c = Cidr.parse("fd12:3456:789a::/64");
        assertThat(c.addressAt(BigInteger.TWO)).satisfies(a -> assertThat(Cidr.text(a)).isEqualTo("fd12:3456:789a::2"));
        assertThat(Cidr.text(Cidr.parseAddress("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
    }

    @Test
    void rejectsGarbageWithoutLookingUpNames() {
        assertThatThrownBy(() -> Cidr.parse("example.com/24")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid IP address");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("prefix out of range");
        assertThatThrownBy(() -> Cidr.parse("300.1.1.1")).hasMessageContaining("invalid IP address");
    }
}
