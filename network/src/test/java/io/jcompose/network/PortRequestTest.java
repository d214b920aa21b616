package io.jcompose.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PortRequestTest {

    @Test
    void shortSyntax() {
        assertThat(PortRequest.parse("80")).isEqualTo(new PortRequest(Optional.empty(), 0, 0, 80, 80, Protocol.TCP));
        assertThat(PortRequest.parse("8080:80/udp"))
                .isEqualTo(new PortRequest(Optional.empty(), 8080, 8080, 80, 80, Protocol.UDP));
        assertThat(PortRequest.parse("127.0.0.1:8080:80"))
                .isEqualTo(new PortRequest(Optional.of("127.0.0.1"), 8080, 8080, 80, 80, Protocol.TCP));
        assertThat(PortRequest.parse("127.0.0.1::80"))
                .isEqualTo(new PortRequest(Optional.of("127.0.0.1"), 0, 0, 80, 80, Protocol.TCP));
        assertThat(PortRequest.parse("[::1]:8080:80"))
                .isEqualTo(new PortRequest(Optional.of("::1"), 8080, 8080, 80, 80, Protocol.TCP));
        assertThat(PortRequest.parse("8000-8001:80-81"))
                .isEqualTo(new PortRequest(Optional.empty(), 8000, 8001, 80, 81, Protocol.TCP));
        assertThat(PortRequest.parse("9000-9010:80"))
                .isEqualTo(new PortRequest(Optional.empty(), 9000, 9010, 80, 80, Protocol.TCP));
    }

    @Test
    void badInputIsAClearError() {
        assertThatThrownBy(() -> PortRequest.parse("80:eighty")).isInstanceOf(NetworkException.class)
                .hasMessage("invalid port mapping \"80:eighty\"");
        assertThatThrownBy(() -> PortRequest.parse("8000-8002:80-81"))
                .hasMessage("host port range 8000-8002 does not match container port range 80-81");
        assertThatThrownBy(() -> PortRequest.parse("80/sctp")).hasMessageContaining("unsupported protocol \"sctp\"");
        assertThatThrownBy(() -> PortRequest.parse("70000:80")).hasMessageContaining("invalid port range");
    }
}
